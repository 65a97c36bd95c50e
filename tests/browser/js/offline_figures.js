// The offline site: for each figure, whether it is drawn (has an SVG and some height) and whether it sits in a
// kernel-free app (.immunolib-offline).
() => [...document.querySelectorAll('.js-plotly-plot')].map(p => ({
  drawn: !!p.querySelector('.main-svg') && p.getBoundingClientRect().height > 50,
  offline: !!p.closest('.immunolib-offline')}))
