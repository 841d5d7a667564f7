/*
 * The source reader: turns a text selection into W3C selectors and opens the
 * selection panel with htmx.
 *
 * Offsets count Unicode code points, as Python does on the server. JavaScript
 * strings count UTF-16 units (an emoji is 2 of them), so every count here goes
 * through Array.from, which iterates by code point.
 *
 * The server renders each paragraph as <p data-start data-end> whose text
 * nodes, in order, are exactly text[start:end], with <br> standing for "\n".
 * The newlines between paragraphs are not rendered: they are the gap between
 * one paragraph's data-end and the next one's data-start.
 */
(function () {
  "use strict";

  const reader = document.querySelector(".reader[data-selection-url]");
  if (!reader) return;
  reader.classList.add("js-reader");

  const bar = reader.querySelector(".selection-bar");
  const useButton = document.getElementById("use-selection");
  const preview = document.getElementById("selection-preview");
  let lastSelection = null;

  function codePoints(str) {
    return Array.from(str).length;
  }

  function sourceText() {
    return reader.querySelector(".source-text");
  }

  /* The paragraph's text as the server has it: text nodes, and "\n" for <br>. */
  function paragraphText(p) {
    let text = "";
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let node = walker.nextNode();
    while (node) {
      if (node.nodeType === Node.TEXT_NODE) text += node.data;
      else if (node.nodeName === "BR") text += "\n";
      node = walker.nextNode();
    }
    return text;
  }

  /* Code points of the paragraph's text before the boundary point (container, offset). */
  function offsetInParagraph(p, container, offset) {
    const before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(container, offset);
    // The range's contents are the paragraph's nodes before the point, with
    // text nodes cut at it; counted the same way as paragraphText.
    return codePoints(paragraphText(before.cloneContents()));
  }

  function paragraphOf(node) {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".source-text p[data-start]") : null;
  }

  /*
   * The selection as {revision, start, end, exact} in code points, or null
   * when nothing of the current text is selected. Surrounding whitespace is
   * left out: a quote starts and ends with words.
   */
  function currentSelection() {
    const container = sourceText();
    const selection = window.getSelection();
    if (!container || container.dataset.current !== "true") return null;
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const paragraphs = Array.from(container.querySelectorAll("p[data-start]")).filter(function (p) {
      return range.intersectsNode(p);
    });
    if (paragraphs.length === 0) return null;

    const pieces = paragraphs.map(function (p) {
      const chars = Array.from(paragraphText(p));
      const from = p.contains(range.startContainer)
        ? offsetInParagraph(p, range.startContainer, range.startOffset) : 0;
      const to = p.contains(range.endContainer)
        ? offsetInParagraph(p, range.endContainer, range.endOffset) : chars.length;
      return {
        start: Number(p.dataset.start) + from,
        end: Number(p.dataset.start) + to,
        paragraphEnd: Number(p.dataset.end),
        chars: chars.slice(from, to),
      };
    }).filter(function (piece) { return piece.end > piece.start; });
    if (pieces.length === 0) return null;

    let chars = [];
    pieces.forEach(function (piece, i) {
      if (i > 0) {
        // The blank lines between two paragraphs, as many newlines as the gap.
        const gap = piece.start - pieces[i - 1].paragraphEnd;
        for (let n = 0; n < gap; n++) chars.push("\n");
      }
      chars = chars.concat(piece.chars);
    });
    let start = pieces[0].start;
    let end = pieces[pieces.length - 1].end;
    while (chars.length && /\s/.test(chars[0])) { chars.shift(); start++; }
    while (chars.length && /\s/.test(chars[chars.length - 1])) { chars.pop(); end--; }
    if (start >= end) return null;
    return {
      revision: container.dataset.revision, start: start, end: end, exact: chars.join(""), container: container,
    };
  }

  // Long passages' words are left out of the URL (servers cap its length);
  // the server then shows its own copy of the passage to confirm.
  const MAX_URL = 3500;

  function openPanel(sel, focus) {
    const params = new URLSearchParams({ revision: sel.revision, start: sel.start, end: sel.end, exact: sel.exact });
    let url = reader.dataset.selectionUrl + "?" + params.toString();
    if (url.length > MAX_URL) {
      params.delete("exact");
      url = reader.dataset.selectionUrl + "?" + params.toString();
    }
    htmx.ajax("GET", url, { target: "#selection-panel", swap: "innerHTML" }).then(function () {
      const heading = document.getElementById("panel-heading");
      if (!heading) return;
      if (focus) heading.focus();
      // On a narrow screen the panel is under the text, out of sight.
      else if (window.matchMedia("(max-width: 800px)").matches) heading.scrollIntoView({ block: "start" });
    });
  }

  function updateBar() {
    const sel = currentSelection();
    if (sel) lastSelection = sel;
    // Once a passage is saved the text is rendered anew: a selection
    // remembered from the old text no longer applies.
    if (lastSelection && lastSelection.container !== sourceText()) lastSelection = null;
    if (!bar) return;
    const shown = sel || lastSelection;
    // Shown only while there is a selection to use, for keyboard users who
    // cannot release a mouse button over the text.
    bar.hidden = !shown;
    useButton.disabled = !shown;
    if (shown) {
      const chars = Array.from(shown.exact);
      preview.textContent = "“" + (chars.length > 60 ? chars.slice(0, 60).join("") + "…" : shown.exact) + "”";
    } else {
      preview.textContent = "";
    }
  }

  function insideText(node) {
    const container = sourceText();
    return container && node && container.contains(node);
  }

  document.addEventListener("selectionchange", updateBar);

  // A selection made with the mouse opens the panel when the button is
  // released, if the drag began or ended in the text (a click in the panel
  // must not reopen it).
  let downInText = false;
  document.addEventListener("mousedown", function (event) {
    downInText = insideText(event.target);
  });

  document.addEventListener("mouseup", function (event) {
    if (!downInText && !insideText(event.target)) return;
    downInText = false;
    // Let the browser finish the selection before reading it.
    window.setTimeout(function () {
      const sel = currentSelection();
      if (sel) {
        lastSelection = sel;
        openPanel(sel, false);
      }
    }, 0);
  });

  document.addEventListener("keyup", function () { updateBar(); });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.defaultPrevented) return;
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select, button, a[href]")) return;
    const sel = currentSelection();
    if (!sel) return;
    event.preventDefault();
    lastSelection = sel;
    openPanel(sel, true);
  });

  if (useButton) {
    useButton.addEventListener("click", function () {
      const sel = currentSelection() || lastSelection;
      if (sel) openPanel(sel, true);
    });
  }

  // Closing the panel puts back the hint it showed when the page loaded;
  // without it (the page was loaded with the panel open) the link reloads.
  const panelElement = document.getElementById("selection-panel");
  const hint = panelElement && panelElement.querySelector(".panel-hint");
  const hintHTML = hint ? hint.outerHTML : null;
  document.addEventListener("click", function (event) {
    const close = event.target.closest && event.target.closest("[data-panel-close]");
    if (!close || hintHTML === null) return;
    event.preventDefault();
    panelElement.innerHTML = hintHTML;
    lastSelection = null;
    updateBar();
  });

  // New content (the text after a save) may make the remembered selection stale.
  document.body.addEventListener("htmx:load", updateBar);

  // A form sent back with errors: take the journalist to the first one.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    const status = event.detail.xhr && event.detail.xhr.status;
    if (status !== 400 && status !== 422) return;
    const invalid = document.querySelector(
      "#selection-panel [aria-invalid='true'], #selection-panel [role='alert'], " +
      "#words-form [aria-invalid='true'], #words-form [role='alert']"
    );
    if (!invalid) return;
    if (!invalid.matches("input, textarea, select")) invalid.setAttribute("tabindex", "-1");
    invalid.focus();
  });

  // Forms shown again with errors come back as 400 or 422; htmx leaves
  // error responses out unless told to swap them.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const status = event.detail.xhr.status;
    if (status === 400 || status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  updateBar();
})();
