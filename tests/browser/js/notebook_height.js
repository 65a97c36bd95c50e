// JupyterLab: the height in pixels of the open notebook's whole content (1000 if there is no notebook).
() => {
  const s = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
    || document.querySelector('.jp-NotebookPanel .jp-Notebook');
  return s ? s.scrollHeight : 1000;
}
