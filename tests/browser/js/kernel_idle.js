// JupyterLab: true once the open notebook's kernel is idle and its cells are in the page
// (the notebook panel is read from window.jupyterapp, which the test server exposes; observation only).
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!(kernel && kernel.status === 'idle' && panel.content
    && panel.content.widgets.length > 0);
}
