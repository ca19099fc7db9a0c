// GOV.UK Frontend's Radios component sets aria-expanded on a radio that reveals conditional content
// (alphagov/govuk-frontend#979). ARIA 1.2 does not allow aria-expanded on a radio, and axe reports it as
// a critical violation (aria-allowed-attr). The radio keeps aria-controls, which is allowed, and the
// revealed content is shown or hidden as before; only the attribute goes, whenever the component sets it
// (on start, on a click, on returning to the page).
const RADIO = 'input[type="radio"]';

function dropAriaExpanded(root) {
  root.querySelectorAll(`${RADIO}[aria-expanded]`).forEach((radio) => radio.removeAttribute("aria-expanded"));
}

export function keepRadiosWithoutAriaExpanded(root = document) {
  dropAriaExpanded(root);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target.matches(RADIO) && change.target.hasAttribute("aria-expanded")) {
        change.target.removeAttribute("aria-expanded");
      }
    }
  }).observe(root.documentElement || root, { attributes: true, attributeFilter: ["aria-expanded"], subtree: true });
}
