// JupyterLab: interactive pieces that are not inside an .immunolib-app (so no test would use them):
// plotly figures and controls, counted, with the numbers of the cells they are in.
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const cellOf = el => panel.content.widgets.findIndex(c => c.node.contains(el)) + 1;
  const figs = [...panel.content.node.querySelectorAll('.js-plotly-plot')].filter(p =>
    !p.closest('.immunolib-app') && !p.closest('.jp-RenderedPlotly, [data-mime-type="application/vnd.plotly.v1+json"]'));
  const controls = [...panel.content.node.querySelectorAll('.jp-OutputArea-output .jupyter-widgets select, '
    + '.jp-OutputArea-output .jupyter-widgets input, .jp-OutputArea-output .noUi-handle, '
    + '.jp-OutputArea-output button.jupyter-button')].filter(c => !c.closest('.immunolib-app'));
  const uniq = a => [...new Set(a)];
  return {figures: figs.length, figure_cells: uniq(figs.map(cellOf)),
           controls: controls.length, control_cells: uniq(controls.map(cellOf))};
}
