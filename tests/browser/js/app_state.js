// What a student sees of one app (the element `el`): [figures, text alternative].
//   figures: every plotly figure inside `el`, as the SVG drawn (hover layer emptied) plus its data and layout;
//   text alternative: the text of the app's .immunolib-alt elements.
// Called with no argument it returns the state now. Called with {before, needAlt, timeout} it waits in the
// page (a poll every 200 ms, at most `timeout` ms) until the figures (and, when needAlt, the text
// alternative) differ from `before`, then returns the state; the comparison stays in the page, so the
// figures' text is not sent to Python on every poll.
async (el, wait) => {
  const figures = () => {
    const plots = el.matches('.js-plotly-plot') ? [el] : [...el.querySelectorAll('.js-plotly-plot')];
    return plots.map(gd => {
      const svg = [...gd.querySelectorAll('.main-svg')].map(s => {
        const c = s.cloneNode(true);
        c.querySelectorAll('.hoverlayer').forEach(h => h.replaceChildren());
        return c.outerHTML;
      }).join('');
      let model = '';
      try { model = JSON.stringify({data: gd.data, layout: gd.layout}); } catch (e) { model = String(e); }
      return svg + '\n' + model;
    }).join('\n----\n');
  };
  const alt = () => [...el.querySelectorAll('.immunolib-alt')].map(a => a.innerText.trim()).join('\n');
  const state = () => [figures(), alt()];
  if (!wait) return state();
  const deadline = performance.now() + wait.timeout;
  for (;;) {
    const now = state();
    const changed = now[0] !== wait.before[0] && (!wait.needAlt || now[1] !== wait.before[1]);
    if (changed || performance.now() >= deadline) return now;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
