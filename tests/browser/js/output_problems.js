// JupyterLab: everything that can be wrong with the open notebook's outputs once a run is over.
// Returns {pending, problems}: "pending" may still resolve by waiting (a widget loading, a figure drawing),
// "problems" will not (an error or stderr output, a widget that failed to render, ...).
async () => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const pending = [], problems = [];
  const short = (s, n = 400) => (s.length > n ? s.slice(0, n) + ' …' : s);
  const isFigureModel = m => m && m.attributes && ('_widget_data' in m.attributes)
    && ('_widget_layout' in m.attributes);
  const drawn = el => !!el.querySelector('.main-svg');

  // Walk a widget model tree: Box children, Output widget outputs.
  async function figureModels(manager, model, seen) {
    if (!model || seen.has(model.model_id)) return [];
    seen.add(model.model_id);
    const found = isFigureModel(model) ? [model] : [];
    const children = model.get('children');
    if (Array.isArray(children)) {
      for (const child of children) found.push(...await figureModels(manager, child, seen));
    }
    const outs = model.get('outputs');
    if (Array.isArray(outs)) {
      for (const out of outs) {
        const ref = out && out.data && out.data['application/vnd.jupyter.widget-view+json'];
        if (ref && ref.model_id) {
          try { found.push(...await figureModels(manager, await manager.get_model(ref.model_id), seen)); }
          catch (e) { /* reported by the renderer */ }
        }
      }
    }
    return found;
  }

  const reported = [];  // output nodes already reported (no duplicate from the DOM scan)
  for (const [i, cell] of panel.content.widgets.entries()) {
    if (cell.model.type !== 'code') continue;
    const where = `cell ${i + 1}`;
    const children = cell.outputArea ? cell.outputArea.widgets : [];
    for (let j = 0; j < cell.model.outputs.length; j++) {
      const out = cell.model.outputs.get(j);
      const data = out.data || {};
      const child = children[j];
      const node = child ? child.node : null;
      const text = node ? node.innerText : '';
      if (out.type === 'error') {
        const err = data['application/vnd.jupyter.error'] || {};
        problems.push(`${where}: error output ${err.ename || ''}: ${short(err.evalue || text)}`);
        if (node) reported.push(node);
        continue;
      }
      if (data['application/vnd.jupyter.stderr'] !== undefined) {
        problems.push(`${where}: stderr output: ${short(String(data['application/vnd.jupyter.stderr']))}`);
        if (node) reported.push(node);
      }
      if (!node) { pending.push(`${where}: output ${j + 1} not in the page`); continue; }
      if (text.includes('Error displaying widget') || text.includes('Click to show javascript error')) {
        problems.push(`${where}: "${short(text.trim(), 200)}"`);
        reported.push(node);
        continue;
      }
      const ref = data['application/vnd.jupyter.widget-view+json'];
      if (ref) {
        if (text.includes('Loading widget...')) { pending.push(`${where}: widget still shows "Loading widget..."`); continue; }
        const renderer = child.widgets && child.widgets[1];
        const mgrPromise = renderer && renderer._manager && renderer._manager.promise;
        if (!mgrPromise) {
          problems.push(`${where}: cannot reach the widget manager of this output `
            + '(jupyterlab_widgets internals changed? update tests/browser/labpage.py)');
          continue;
        }
        let figures = [];
        try {
          const manager = await mgrPromise;
          const model = await manager.get_model(ref.model_id);
          figures = await figureModels(manager, model, new Set());
        } catch (e) {
          problems.push(`${where}: widget model ${ref.model_id} not available: ${e}`);
          continue;
        }
        const plots = [...node.querySelectorAll('.js-plotly-plot')];
        const drawnPlots = plots.filter(drawn).length;
        if (drawnPlots < figures.length) {
          pending.push(`${where}: ${figures.length} plotly FigureWidget(s) but only `
            + `${drawnPlots} drawn (.js-plotly-plot with .main-svg)`);
        }
        if (node.querySelector('.lm-Widget') === null && !renderer.isHidden) {
          pending.push(`${where}: widget output is empty (view not rendered)`);
        }
      }
      if (data['application/vnd.plotly.v1+json'] !== undefined) {
        const plot = node.querySelector('.js-plotly-plot');
        if (!plot || !drawn(plot)) pending.push(`${where}: plotly figure output not drawn`);
      }
    }
  }
  // The checks the issue names literally, over the whole notebook.
  const root = panel.content.node;
  root.querySelectorAll('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]').forEach(el => {
    if (!reported.some(node => node.contains(el))) problems.push('stderr/error output: ' + short(el.innerText.trim()));
  });
  // ipywidgets' error view (a widget whose front-end module failed, e.g. plotly's bundle did not load).
  root.querySelectorAll('.jupyter-widgets.jupyter-widgets-error-widget, .jupyter-widgets-error-widget').forEach(el => {
    if (!reported.some(node => node.contains(el))) {
      const cell = panel.content.widgets.findIndex(c => c.node.contains(el)) + 1;
      problems.push(`cell ${cell}: widget failed to render ("Click to show javascript error"): `
        + short((el.title || el.innerText || '').trim(), 300));
    }
  });
  root.querySelectorAll('.js-plotly-plot').forEach((el, k) => {
    if (!drawn(el)) pending.push(`plotly plot #${k + 1} has no .main-svg`);
  });
  return {pending, problems};
}
