// JupyterLab: scroll the open notebook back to its first cell.
() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer').forEach(el => { el.scrollTop = 0; })
