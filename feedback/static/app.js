// Progressive enhancement only: every page works without JavaScript.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// The reviewers' coding page: theme filters and keyboard shortcuts, loaded only where used.
const codingForm = document.querySelector("form[data-app-coding]");
if (codingForm) {
  import("./coding.js").then(({ initCodingPage }) => initCodingPage(codingForm));
}
