// What a person checks on a rendered card side, measured with the DOM in one card document.
// Returns plain data; the Python test decides what passes.
() => {
  const rgba = (s) => {
    const v = (s.match(/[\d.]+/g) || []).map(Number);
    return v.length < 3 ? [0, 0, 0, 0] : [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  // The colour behind an element: its own and its ancestors' backgrounds, composited.
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) { break; } }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) { colour = over(layer, colour); }
    return colour;
  };
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const label = (el) => (el.textContent || el.tagName).trim().slice(0, 40);
  const card = document.querySelector('.card');
  const root = document.querySelector('.ankismith');
  const result = {
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    cardBackground: lum(background(card)),
    texts: [], broken: [], cloze: [], images: [], scrollers: [],
  };
  // Text: every element with text of its own, pseudo-element marks, and text boxes.
  for (const el of root.querySelectorAll('*')) {
    if (!shown(el) || el.closest('svg')) { continue; }
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    if (own || el.tagName === 'INPUT') {
      const bg = background(el);
      result.texts.push({ text: label(el), tag: el.tagName, ratio: ratio(rgba(style.color), bg), bg: lum(bg) });
    }
    const after = getComputedStyle(el, '::after');
    if (after.content && after.content !== 'none' && after.content !== '""') {
      result.texts.push({ text: el.tagName + '::after ' + after.content, tag: 'PSEUDO', ratio: ratio(rgba(after.color), background(el)), bg: lum(background(el)) });
    }
  }
  // Words inside table cells and code spans stay on one line.
  for (const el of root.querySelectorAll('td, th, code')) {
    if (el.closest('pre') || !shown(el)) { continue; }
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) { result.broken.push({ word: m[0], lines: tops.size, in: el.tagName }); }
      }
    }
  }
  // A cloze deletion differs from the text around it by more than colour.
  for (const el of root.querySelectorAll('.cloze')) {
    const mine = getComputedStyle(el), theirs = getComputedStyle(el.parentElement);
    result.cloze.push({
      text: label(el),
      weight: Number(mine.fontWeight) - Number(theirs.fontWeight),
      underline: mine.textDecorationLine.includes('underline') || parseFloat(mine.borderBottomWidth) > 0,
      background: ratio(background(el), background(el.parentElement)),
    });
  }
  for (const img of root.querySelectorAll('img')) {
    const c = rgba(getComputedStyle(img).backgroundColor);
    result.images.push({ src: img.getAttribute('src'), backdrop: c[3] > 0 ? lum(c) : null, width: img.getBoundingClientRect().width });
  }
  // Boxes that scroll sideways show it: a shadow layer that follows the scroll position.
  for (const el of root.querySelectorAll('pre, table, div.arithmatex')) {
    if (el.scrollWidth > el.clientWidth + 1) {
      const style = getComputedStyle(el);
      result.scrollers.push({
        tag: el.tagName,
        cue: (style.backgroundImage.match(/gradient/g) || []).length >= 2 && style.backgroundAttachment.includes('local'),
        scrolls: ['auto', 'scroll'].includes(style.overflowX),
      });
    }
  }
  return result;
}
