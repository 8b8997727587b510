// A contrast check in the manner of axe's color-contrast rule: every
// visible piece of text on the page (HTML text and SVG text) is measured
// against the background actually behind it (background colours of its
// ancestors composited, with opacity), and pairs under WCAG 2.1 AA are
// reported: 4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold).
// Disabled controls are exempt, as WCAG exempts inactive components.

/** Runs in the page: the text/background pairs under AA, at most 20. */
function findLowContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (top, bottom) => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (x, y) => (x * top.a + y * bottom.a * (1 - top.a)) / a;
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
  };
  const luminance = ({ r, g, b }) => {
    const lin = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (x, y) => {
    const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (l1 + 0.05) / (l2 + 0.05);
  };
  // The background behind an element: its own and its ancestors' colours,
  // composited from the page's canvas up.
  const background = (el) => {
    const layers = [];
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      opacity *= Number(s.opacity);
      const bg = parse(s.backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a === 1) break;
    }
    let colour = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (!colour || colour.a === 0) {
      const dark = matchMedia("(prefers-color-scheme: dark)").matches;
      colour = dark ? { r: 18, g: 18, b: 18, a: 1 } : { r: 255, g: 255, b: 255, a: 1 };
    }
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return { colour, opacity };
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const s = getComputedStyle(el);
    return s.visibility !== "hidden" && s.display !== "none";
  };
  const problems = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || seen.has(el) || !visible(el)) continue;
    seen.add(el);
    if (el.closest("[aria-hidden=true], option, script, style, title")) continue;
    if (el.closest(":disabled, [aria-disabled=true]")) continue;
    const s = getComputedStyle(el);
    const inSvg = el instanceof SVGElement;
    let fg = parse(inSvg ? s.fill : s.color);
    if (!fg) continue;
    const { colour: bg, opacity } = background(el);
    fg = over({ ...fg, a: fg.a * opacity }, bg);
    const size = parseFloat(s.fontSize);
    const bold = Number(s.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const need = large ? 3 : 4.5;
    const got = ratio(fg, bg);
    if (got < need) {
      const hex = (c) => "#" + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
      problems.push(
        `${got.toFixed(2)}:1 < ${need}:1 for "${node.textContent.trim().slice(0, 40)}" ` +
          `(${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}, ${hex(fg)} on ${hex(bg)})`,
      );
      if (problems.length >= 20) break;
    }
  }
  return problems;
}

/** The text/background pairs of `page` that fail WCAG AA contrast. */
export async function lowContrast(page) {
  return page.evaluate(findLowContrast);
}
