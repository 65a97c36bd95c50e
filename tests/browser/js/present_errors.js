// Voila: the text of every stderr output, and "Error displaying widget" if the page shows it.
() => [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
  .map(e => e.innerText.slice(0, 200)).concat(document.body.innerText.includes('Error displaying widget') ? ['Error displaying widget'] : [])
