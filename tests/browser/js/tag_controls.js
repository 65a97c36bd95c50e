// The controls a test should move in one app (`app`), tagged with data-bt-control="<prefix>-<k>".
// `selector` is labpage.CONTROL_SELECTOR. Controls marked .immunolib-control are taken in order; an app
// without marks gives its first usable control. Returns [{tag, kind, label}] with kind one of
// select|toggle|radio|slider|checkbox|button (tag null and kind 'none' for a mark holding no control).
(app, [selector, prefix]) => {
  const usable = el => !el.closest('.js-plotly-plot') && !el.disabled
    && !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const kindOf = el => {
    if (el.matches('select')) return 'select';
    if (el.matches('.widget-toggle-button')) return 'toggle';
    if (el.matches('input[type=radio]')) return 'radio';
    if (el.matches('.noUi-handle')) return 'slider';
    if (el.matches('input[type=checkbox]')) return 'checkbox';
    return 'button';
  };
  // The widget's own element: the container a marked class lands on.
  const containerOf = el => el.closest('.widget-toggle-buttons, .widget-radio-box, .widget-slider, '
    + '.widget-dropdown, .widget-select, .widget-checkbox, .jupyter-widgets') || el;
  let picks = [];
  const marked = [...app.querySelectorAll('.immunolib-control')];
  if (marked.length) {
    for (const m of marked) {
      const el = m.matches(selector) ? m : [...m.querySelectorAll(selector)].find(usable);
      picks.push({el, container: m, label: m.innerText.trim().slice(0, 60)});
    }
  } else {
    const el = [...app.querySelectorAll(selector)].find(usable);
    if (el) picks.push({el, container: containerOf(el), label: containerOf(el).innerText.trim().slice(0, 60)});
  }
  return picks.map((p, k) => {
    const tag = `${prefix}-${k}`;
    if (!p.el) return {tag: null, kind: 'none', label: p.label};
    p.container.setAttribute('data-bt-control', tag);
    return {tag, kind: kindOf(p.el), label: p.label};
  });
}
