// Loads the rich-text editor only when a rich-text box is about to be used: when one comes into
// view, is focused or is pressed. The editor (js/richtext-editor.js and the editor bundle it
// imports, about 170 KB compressed) is most of a page's weight, and most readers of a thread
// never reply; until it loads, the plain textarea works on its own (basic HTML, sanitised on the
// server). The module's address comes from the page (data-richtext-module), so it is the hashed
// name in production.
const boxes = [...document.querySelectorAll('textarea[data-richtext="editor"]')];
let loading = null;

function load() {
  if (!loading) {
    loading = import(boxes[0].dataset.richtextModule)
      .then((editor) => editor.enhance(boxes))
      .catch((error) => console.warn("Rich-text editor unavailable:", error));
  }
  return loading;
}

function focusEditorOf(textarea) {
  const box = textarea.closest(".prose-editor")?.querySelector('.ProseMirror[role="textbox"]');
  if (box) { box.focus(); }
}

if (boxes.length && boxes[0].dataset.richtextModule) {
  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        load();
      }
    }, { rootMargin: "200px" })
    : null;
  boxes.forEach((textarea) => {
    if (observer) { observer.observe(textarea); }
    const now = () => load().then(() => focusEditorOf(textarea));
    textarea.addEventListener("focus", now, { once: true });
    textarea.addEventListener("pointerdown", now, { once: true });
  });
  if (!observer) { load(); }
}
