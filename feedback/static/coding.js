// The reviewers' coding page, enhanced: a filter box over each comment's themes, and keyboard
// shortcuts (listed on the page). Without this script the page is plain checkboxes and radios.

const TYPING = new Set(["text", "search", "email", "number", "password", "tel", "url"]);

/** Whether the key press belongs to a box the reviewer is typing in. */
function isTyping(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TYPING.has(target.type);
}

/** Show only the themes whose words contain every word typed; chosen themes stay in view. */
function filterThemes(picker, status, texts) {
  const input = picker.querySelector(".app-theme-picker__input");
  const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const item of picker.querySelectorAll(".govuk-checkboxes__item")) {
    const text = item.dataset.themeWords || "";
    const checked = item.querySelector("input").checked;
    const match = checked || words.every((word) => text.includes(word));
    item.hidden = !match;
    if (match) shown += 1;
  }
  status.textContent = words.length ? texts.shown.replace("{n}", String(shown)) : "";
}

/** Return the unchecked themes the filter leaves in view. */
function unchosenShown(picker) {
  return [...picker.querySelectorAll(".govuk-checkboxes__item:not([hidden]) input")].filter(
    (box) => !box.checked,
  );
}

function initPicker(picker, texts) {
  const filter = picker.querySelector(".app-theme-picker__filter");
  const input = picker.querySelector(".app-theme-picker__input");
  const status = picker.querySelector(".app-theme-picker__status");
  if (!filter || !input || !status) return;
  filter.hidden = false;
  input.addEventListener("input", () => filterThemes(picker, status, texts));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      filterThemes(picker, status, texts);
    } else if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      // Enter in a text box would send the form: here it ticks the one theme left, if one is.
      event.preventDefault();
      const left = unchosenShown(picker);
      if (left.length === 1) {
        left[0].checked = true;
        input.value = "";
        filterThemes(picker, status, texts);
        status.textContent = texts.ticked.replace("{theme}", left[0].labels[0].textContent.trim());
      }
    }
  });
}

export function initCodingPage(form) {
  const comments = [...form.querySelectorAll(".app-coding-comment")];
  // The page's words for the filter's status line, translated by the server.
  const texts = { shown: form.dataset.shownText || "{n}", ticked: form.dataset.tickedText || "{theme}" };
  form.querySelectorAll("[data-app-theme-picker]").forEach((picker) => initPicker(picker, texts));
  let current = 0;

  form.addEventListener("focusin", (event) => {
    const index = comments.findIndex((comment) => comment.contains(event.target));
    if (index >= 0) current = index;
  });

  function moveTo(index) {
    current = Math.max(0, Math.min(comments.length - 1, index));
    comments[current].focus();
    comments[current].scrollIntoView({ block: "start" });
  }

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing || event.altKey) return;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    if (event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (event.key === "j") {
      event.preventDefault();
      moveTo(comments.some((c) => c.contains(document.activeElement)) ? current + 1 : current);
    } else if (event.key === "k") {
      event.preventDefault();
      moveTo(current - 1);
    } else if (event.key === "/") {
      const input = comments[current]?.querySelector(".app-theme-picker__input");
      if (input) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    }
  });
}
