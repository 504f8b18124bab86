// The rich-text editor (django-prose-editor, built on Tiptap/ProseMirror), self-hosted.
//
// Progressive enhancement: every <textarea data-richtext="editor"> works on its own (plain text
// or basic HTML, sanitised on the server). `enhance` replaces each with the WYSIWYG editor and
// keeps the textarea's value in step, so the form posts exactly as before. js/richtext-loader.js
// imports this module when a box is about to be used.
//
// We build the editor here instead of using the package's "configurable" preset because that
// preset needs an inline <script type="importmap"> and lets Tiptap inject a <style> element;
// both are refused by our Content-Security-Policy (script-src/style-src 'self'). Importing the
// module by relative URL and passing injectCSS: false keeps the policy strict.
import * as E from "../django_prose_editor/editor.js";

const EXTENSIONS = [
  E.Document, E.Paragraph, E.Text, E.HardBreak, E.History, E.Dropcursor, E.Gapcursor,
  E.Bold, E.Italic, E.Strike,
  E.Heading.configure({ levels: [2, 3, 4] }),
  E.BulletList, E.OrderedList, E.ListItem, E.Blockquote, E.HorizontalRule,
  E.Link.configure({ openOnClick: false, enableTarget: false, protocols: ["http", "https", "mailto"] }),
  E.Table, E.TableRow, E.TableHeader, E.TableCell,
  E.Menu,
];

// Toolbar icons with a file in static/img/editor/ (see css/richtext-editor.css). The editor gives
// each icon button a Material Icons ligature as its text ("format_bold"), which needs an icon font;
// we move that name into data-icon and draw our own SVG instead.
const ICONS = new Set([
  "notes", "title", "format_list_bulleted", "format_list_numbered", "tune", "format_quote",
  "horizontal_rule", "format_bold", "format_italic", "format_strikethrough", "insert_link",
  "link_off", "grid_on", "call_merge", "call_split", "undo", "redo", "question_mark",
]);

function useOwnIcon(button) {
  const name = button.textContent.trim();
  if (button.dataset.icon || !button.classList.contains("material-icons") || !ICONS.has(name)) {
    return;
  }
  button.dataset.icon = name;
  button.textContent = "";
}

function labelFor(textarea) {
  const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
  return label ? label.textContent.trim() : "Text";
}

function describedBy(textarea) {
  const help = textarea.id && document.getElementById(`${textarea.id}_helptext`);
  return help ? help.id : null;
}

function createEditor(textarea) {
  if (textarea.closest(".prose-editor")) { return null; }
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const attributes = {
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": labelFor(textarea),
    class: "richtext-editor__content",
  };
  const help = describedBy(textarea);
  if (help) { attributes["aria-describedby"] = help; }
  const editor = new E.Editor({
    element: wrapper,
    extensions: EXTENSIONS,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes },
    onUpdate({ editor: current }) {
      const html = current.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    },
  });
  // The menu shows state with classes only; mirror it for assistive technology: a "disabled"
  // button is aria-disabled, an "active" one (bold where the cursor is) is aria-pressed, and an
  // icon-only button without a name gets its title as its name. Icons are swapped for our own
  // here too, so buttons the menu adds later (the block-type menu's current choice) get them.
  const mirror = () => {
    wrapper.querySelectorAll(".prose-menubar__button").forEach((el) => {
      if (!el.getAttribute("aria-label") && el.title) { el.setAttribute("aria-label", el.title); }
      useOwnIcon(el);
      const disabled = el.classList.contains("disabled") ? "true" : "false";
      if (el.getAttribute("aria-disabled") !== disabled) { el.setAttribute("aria-disabled", disabled); }
      const pressed = el.classList.contains("active") ? "true" : "false";
      if (el.dataset.name && el.getAttribute("aria-pressed") !== pressed) {
        el.setAttribute("aria-pressed", pressed);
      }
    });
  };
  mirror();
  new MutationObserver(mirror).observe(wrapper, {
    subtree: true, attributes: true, attributeFilter: ["class"], childList: true,
  });
  wrapper.classList.add("richtext-editor");
  return editor;
}

export function enhance(textareas) {
  textareas.forEach((textarea) => {
    try {
      createEditor(textarea);
    } catch (error) {
      // Leave the plain textarea in place: it still works.
      console.warn("Rich-text editor unavailable:", error);
    }
  });
}
