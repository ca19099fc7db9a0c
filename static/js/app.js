import { initAll as initGovUkFrontend } from "../govuk/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "../moj/moj-frontend.min.js";
import { keepRadiosWithoutAriaExpanded } from "./conditional-radios.js";

initGovUkFrontend();
initMojFrontend();
keepRadiosWithoutAriaExpanded();
