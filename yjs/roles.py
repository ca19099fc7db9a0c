"""The roles of DESIGN.md §2. Each role is a Django group named by its value."""

from django.db import models


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", "Case worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    POLICE_OFFICER = "police_officer", "Police officer"
    VICTIM_WORKER = "victim_worker", "Victim worker"
    PANEL_MEMBER = "panel_member", "Panel member"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    BOARD_MEMBER = "board_member", "Board member"
    API_CLIENT = "api_client", "API client"
