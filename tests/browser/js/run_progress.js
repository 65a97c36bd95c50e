// JupyterLab: progress of "Run All" as the user sees it: the kernel's status and, for every cell, its type,
// its prompt ("[*]:" while running, "[3]:" once run), its source (code cells) and the types of its outputs.
() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.map((cell, index) => {
    const type = cell.model.type;
    const prompt = cell.node.querySelector('.jp-InputPrompt');
    const outputs = [];
    if (type === 'code') {
      for (let j = 0; j < cell.model.outputs.length; j++) outputs.push(cell.model.outputs.get(j).type);
    }
    return {index, type, prompt: prompt ? prompt.textContent.trim() : '',
             source: type === 'code' ? cell.model.sharedModel.getSource() : '', outputs};
  });
  return {kernel: kernel ? kernel.status : 'none', cells};
}
