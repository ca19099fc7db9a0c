"""The service's people and the builders of the rows the API lists and pages show, for the
performance tests (``conftest.py`` gives them as the ``world`` fixture)."""

import datetime
import itertools
from functools import cached_property

import factory
from django.utils import timezone

from cases.models import (
    Case,
    CaseTransfer,
    CaseType,
    Child,
    ChildSearchKey,
    Contact,
    Offence,
    Plan,
    PlanTarget,
    Review,
    ReviewTrigger,
)
from cases.search import name_keys
from cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ChildFactory,
    FlagFactory,
    VictimContactDetailsFactory,
    VictimFactory,
)
from custody.models import (
    CustodyRecord,
    IngestRun,
    IngestSource,
    MatchCandidate,
    MatchStatus,
    RunStatus,
)
from governance.models import (
    Board,
    BoardReport,
    InspectionSample,
    Recommendation,
    ReportStatus,
)
from intelligence.models import Addendum, InformationRequest, PoliceSystem
from intelligence.tests.factories import InformationRequestFactory
from oocd.models import Agency, Outcome, PanelItem, ScrutinyItem, ScrutinySample
from oocd.tests.factories import (
    ConditionFactory,
    DecisionFactory,
    PanelAttendeeFactory,
    PanelFactory,
    ReferralFactory,
)

NOW = timezone.now()
TODAY = timezone.localdate()


# --- Building rows -------------------------------------------------------------------------------------


def bulk(factory_class: type[factory.django.DjangoModelFactory], n: int, **overrides) -> list:
    """``n`` rows built by the factory and inserted in one query. Every related row must be given
    (saved) in ``overrides``, a ``factory.Iterator`` for one per row."""
    return factory_class._meta.model.objects.bulk_create(factory_class.build_batch(n, **overrides))


def each(rows) -> factory.Iterator:
    return factory.Iterator(list(rows), cycle=False)


class World:
    """The people of the service, a place to hang rows on, and builders of the rows lists show."""

    def __init__(self, *, north, south, **users):
        self.north, self.south = north, south
        self.users = users
        self.serial = itertools.count(1)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None

    # Cases ------------------------------------------------------------------------------------------

    def children(self, n: int, *, searchable: bool = False, **fields) -> list[Child]:
        serials = [next(self.serial) for _ in range(n)]
        fields.setdefault("surname", each(f"Surname{letters(s)}" for s in serials))
        children = bulk(ChildFactory, n, **fields)
        if searchable:
            ChildSearchKey.objects.bulk_create(
                ChildSearchKey(child=child, key=key)
                for child in children
                for key in name_keys([child.surname, child.forenames])
            )
        return children

    def cases(self, n: int, *, child: Child | None = None, offences: int = 1, **fields) -> list[Case]:
        fields = {"team": self.north, "allocated_to": self.case_worker, "created_by": self.case_worker, **fields}
        fields["child"] = child if child is not None else each(self.children(n))
        cases = bulk(CaseFactory, n, **fields)
        Offence.objects.bulk_create(
            Offence(case=case, offence_date=case.start_date, description="Theft from a shop")
            for case in cases
            for _ in range(offences)
        )
        return cases

    def assessments(self, n: int, *, cases=None, **fields) -> list:
        cases = cases or self.cases(n)
        fields = {
            "completed_date": TODAY - datetime.timedelta(days=1),
            "completed_by": self.case_worker,
            "likelihood_of_reoffending": "low",
            **fields,
        }
        return bulk(AssessmentFactory, n, case=each(cases), **fields)

    def plans(self, n: int, *, cases=None) -> list[Plan]:
        cases = cases or self.cases(n)
        plans = Plan.objects.bulk_create(
            Plan(case=case, written_by=self.case_worker, external_controls="Curfew") for case in cases
        )
        PlanTarget.objects.bulk_create(
            PlanTarget(plan=plan, what=f"Target {k}", who="Me", by_when=TODAY, how_i_will_know="Done")
            for plan in plans
            for k in range(2)
        )
        return plans

    def reviews(self, n: int, *, cases=None, **fields) -> list[Review]:
        cases = cases or self.cases(n)
        fields = {"trigger": ReviewTrigger.SCHEDULED, "due_date": TODAY + datetime.timedelta(days=3), **fields}
        return Review.objects.bulk_create(Review(case=case, **fields) for case in cases)

    def contacts(self, n: int, *, cases=None) -> list[Contact]:
        cases = cases or self.cases(n)
        return Contact.objects.bulk_create(
            Contact(
                case=case, contact_type="office", scheduled_at=NOW, attendance="attended", recorded_by=self.case_worker
            )
            for case in cases
        )

    def victims(self, n: int, *, cases=None) -> list:
        victims = bulk(VictimFactory, n, case=each(cases or self.cases(n)))
        bulk(VictimContactDetailsFactory, n, victim=each(victims))
        return victims

    def flags(self, n: int, *, child=None, cases=None, **fields) -> list:
        if child is None:
            cases = cases or self.cases(n)
            fields |= {"child": each(case.child for case in cases), "case": each(cases)}
        else:
            fields["child"] = child
        return bulk(FlagFactory, n, raised_by=self.case_worker, **fields)

    def transfers(self, n: int, *, cases=None) -> list[CaseTransfer]:
        return CaseTransfer.objects.bulk_create(
            CaseTransfer(
                case=case, home_service="Leeds", host_service="York", reason="Moved", requested_by=self.team_manager
            )
            for case in cases or self.cases(n)
        )

    # Information requests -----------------------------------------------------------------------------

    def requests(self, n: int, *, child=None, case=None, supplied: bool = True, **fields) -> list:
        if child is None:
            cases = self.cases(n)
            child, case = each(c.child for c in cases), each(cases)
        fields = {"child": child, "case": case, "requested_by": self.case_worker, **fields}
        if supplied:
            fields |= {"supplied": True, "supplied_by": self.police_officer}
        requests = bulk(InformationRequestFactory, n, **fields)
        if supplied:
            through = InformationRequest.systems_searched.through
            systems = list(PoliceSystem.objects.filter(code__in=["pnc", "local_records"]))
            through.objects.bulk_create(
                through(informationrequest=request, policesystem=system) for request in requests for system in systems
            )
            self.addenda(requests)
        return requests

    def addenda(self, requests) -> list[Addendum]:
        return Addendum.objects.bulk_create(
            Addendum(request=request, text="Also known to the neighbourhood team", added_by=self.police_officer)
            for request in requests
        )

    # Out-of-court disposals ------------------------------------------------------------------------------

    def referrals(self, n: int, *, child=None, **fields) -> list:
        children = [child] * n if child is not None else self.children(n)
        cases = bulk(
            CaseFactory,
            n,
            child=each(children),
            case_type=CaseType.DIVERSION,
            team=self.north,
            allocated_to=self.case_worker,
            created_by=self.police_officer,
        )
        research = self.requests(n, child=each(children), case=each(cases), request_type="oocd_research")
        self.assessments(n, cases=cases)
        fields = {"child_views": "Sorry", "parent_carer_views": "Supportive", "has_victim": False, **fields}
        return bulk(
            ReferralFactory,
            n,
            child=each(children),
            case=each(cases),
            research_request=each(research),
            created_by=self.police_officer,
            **fields,
        )

    def decisions(self, n: int, *, code: str = "youth_caution", referrals=None, child=None, **fields) -> list:
        referrals = referrals or self.referrals(n, child=child)
        fields = {"outcome": Outcome.objects.get(code=code), "recorded_by": self.police_officer, **fields}
        return bulk(DecisionFactory, n, referral=each(referrals), **fields)

    def conditions(self, n: int, *, decisions) -> list:
        decisions = list(decisions)
        return bulk(
            ConditionFactory,
            n,
            decision=each(decisions),
            end_date=each(d.decided_on + datetime.timedelta(days=60) for d in decisions),
        )

    def panels(self, n: int, **fields) -> list:
        panels = bulk(PanelFactory, n, chair=self.team_manager, **fields)
        bulk(PanelAttendeeFactory, n, panel=each(panels), agency=Agency.POLICE, user=self.police_officer)
        bulk(PanelAttendeeFactory, n, panel=each(panels), agency=Agency.YJS, user=self.team_manager)
        return panels

    def agenda(self, panel, referrals) -> list[PanelItem]:
        start = PanelItem.objects.filter(panel=panel).count()
        return PanelItem.objects.bulk_create(
            PanelItem(panel=panel, referral=referral, position=start + k) for k, referral in enumerate(referrals, 1)
        )

    def scrutiny_samples(self, n: int, *, items_each: int = 1) -> list[ScrutinySample]:
        samples = ScrutinySample.objects.bulk_create(
            ScrutinySample(
                period_start=TODAY - datetime.timedelta(days=90),
                period_end=TODAY,
                percentage=10,
                seed=f"seed-{k}",
                drawn_by=self.team_manager,
            )
            for k in range(n)
        )
        decisions = self.decisions(n * items_each)
        ScrutinyItem.objects.bulk_create(
            ScrutinyItem(sample=sample, decision=decision)
            for sample, decision in zip(itertools.cycle(samples), decisions, strict=False)
        )
        return samples

    # Custody ------------------------------------------------------------------------------------------

    def custody_records(self, n: int, *, children=None, **fields) -> list[CustodyRecord]:
        children = children or [case.child for case in self.cases(n)]
        fields = {"match_status": MatchStatus.MATCHED, "detained_at": NOW, "suite": "Leeds Elland Road", **fields}
        return CustodyRecord.objects.bulk_create(
            CustodyRecord(
                force_code="WYP",
                custody_ref=f"C{next(self.serial)}",
                surname=child.surname,
                forenames=child.forenames,
                date_of_birth=child.date_of_birth,
                child=None if fields["match_status"] == MatchStatus.REVIEW else child,
                offences=["Theft from a shop"],
                row_hash="0" * 64,
                released_at=fields["detained_at"] + datetime.timedelta(hours=5),
                **fields,
            )
            for child in children
        )

    def candidates(self, record: CustodyRecord, n: int) -> list[MatchCandidate]:
        return MatchCandidate.objects.bulk_create(
            MatchCandidate(record=record, child=child, score=80) for child in self.children(n)
        )

    def ingest_runs(self, n: int) -> list[IngestRun]:
        return IngestRun.objects.bulk_create(
            IngestRun(
                source=IngestSource.UPLOAD,
                file_name=f"extract-{k}.csv",
                status=RunStatus.SUCCEEDED,
                progress=100,
                rows_read=12,
                created=10,
                rejected=2,
                errors=[{"line": 3, "reason": "Enter the date of birth"}],
                started_by=self.police_officer,
            )
            for k in range(n)
        )

    # Governance -----------------------------------------------------------------------------------------

    def board_reports(self, n: int) -> list[BoardReport]:
        reports = BoardReport.objects.bulk_create(
            BoardReport(
                period_start=TODAY - datetime.timedelta(days=365),
                period_end=TODAY,
                status=ReportStatus.SUCCEEDED,
                progress=100,
                created_by=self.team_manager,
            )
            for _ in range(n)
        )
        through = BoardReport.teams.through
        through.objects.bulk_create(through(boardreport=report, team=self.north) for report in reports)
        return reports

    def inspection_samples(self, n: int) -> list[InspectionSample]:
        return InspectionSample.objects.bulk_create(
            InspectionSample(
                domain="2",
                drawn_on=TODAY,
                window_start=TODAY - datetime.timedelta(days=180),
                window_end=TODAY,
                size=10,
                seed=f"seed-{next(self.serial)}",
                drawn_by=self.team_manager,
            )
            for _ in range(n)
        )

    # Shared rows for detail pages ------------------------------------------------------------------------

    @cached_property
    def child(self) -> Child:
        return self.children(1)[0]

    @cached_property
    def case(self) -> Case:
        return self.cases(1, child=self.child)[0]

    @cached_property
    def request(self) -> InformationRequest:
        return self.requests(1, child=self.child, case=self.case)[0]

    @cached_property
    def referral(self):
        return self.referrals(1)[0]

    @cached_property
    def decision(self):
        return self.decisions(1, code="youth_conditional_caution")[0]

    @cached_property
    def panel(self):
        panel = self.panels(1)[0]
        bulk(PanelAttendeeFactory, 1, panel=panel, agency=Agency.OTHER, user=self.panel_member)
        return panel

    @cached_property
    def scrutiny_sample(self) -> ScrutinySample:
        return self.scrutiny_samples(1, items_each=0)[0]

    @cached_property
    def custody_record(self) -> CustodyRecord:
        return self.custody_records(1, children=[self.child])[0]

    @cached_property
    def review_record(self) -> CustodyRecord:
        return self.custody_records(1, children=[self.child], match_status=MatchStatus.REVIEW)[0]

    @cached_property
    def ingest_run(self) -> IngestRun:
        return self.ingest_runs(1)[0]

    @cached_property
    def inspection_sample(self) -> InspectionSample:
        return self.inspection_samples(1)[0]

    @cached_property
    def board(self) -> Board:
        return Board.objects.get_or_create(name="Youth justice management board")[0]

    @cached_property
    def recommendation(self) -> Recommendation:
        return Recommendation.objects.create(
            code="perf-1", source_inspection="Thematic", year=2025, summary="Do better", lines_of_enquiry="One"
        )


def letters(number: int) -> str:
    """A name-like suffix for a number (names with digits would not be names)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
        if not number:
            return letters
