// JupyterLab: do the open notebook's figures fit? Every figure fills its output's width, no output scrolls
// sideways, no text of a figure is drawn outside it. Returns {problems, figures: [{cell, width, room}]}.
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const problems = [], figures = [];
  const cellOf = el => panel.content.widgets.findIndex(c => c.node.contains(el)) + 1;
  const short = s => (s || '').replace(/\s+/g, ' ').trim().slice(0, 60);
  // Outputs that scroll sideways (an output area wider than the notebook).
  panel.content.node.querySelectorAll('.jp-OutputArea-output').forEach(out => {
    if (out.scrollWidth > out.clientWidth + 2)
      problems.push(`cell ${cellOf(out)}: output scrolls sideways (${out.scrollWidth} px content in ${out.clientWidth} px)`);
  });
  panel.content.node.querySelectorAll('.js-plotly-plot').forEach(gd => {
    const out = gd.closest('.jp-OutputArea-output');
    const svg = gd.querySelector('.main-svg');
    if (!out || !svg) return;
    const box = svg.getBoundingClientRect(), room = out.getBoundingClientRect();
    // The room a figure has: its output, less the padding of the boxes around it.
    const parent = gd.parentElement.getBoundingClientRect();
    const where = `cell ${cellOf(gd)}`;
    figures.push({cell: cellOf(gd), width: Math.round(box.width), room: Math.round(parent.width)});
    if (box.right > room.right + 1 || box.left < room.left - 1)
      problems.push(`${where}: figure ${Math.round(box.width)} px wide sticks out of its ${Math.round(room.width)} px output`);
    else if (box.width < 0.9 * parent.width - 1)
      problems.push(`${where}: figure is ${Math.round(box.width)} px wide in ${Math.round(parent.width)} px: it does not fill the notebook's width`);
    gd.querySelectorAll('.main-svg text').forEach(t => {
      if (!t.textContent.trim() || t.closest('.hoverlayer')) return;
      const r = t.getBoundingClientRect();
      if (!r.width && !r.height) return;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        problems.push(`${where}: text "${short(t.textContent)}" is drawn outside its figure`);
    });
  });
  return {problems: [...new Set(problems)], figures};
}
