// Voila: how wide the page's content is against the window, and where each figure's left and right edges are.
() => {
  const doc = document.documentElement;
  const figs = [...document.querySelectorAll('.js-plotly-plot')].map(p => {
    const r = p.getBoundingClientRect(); return {left: Math.round(r.left), right: Math.round(r.right)}; });
  return {scroll: doc.scrollWidth, client: doc.clientWidth, figs};
}
