// The offline site: a short fingerprint of one app (`root`): its SVGs (size and the first paths and texts) and
// its text alternative. Returns [svg, alt].
(root) => {
  const svg = [...root.querySelectorAll('.main-svg')].map(s => s.innerHTML.length + ':' +
      [...s.querySelectorAll('path, text')].slice(0, 400).map(e => (e.getAttribute('d') || e.textContent || '').slice(0, 40)).join('|')).join('#');
  const alt = (root.querySelector('.immunolib-alt') || {}).textContent || '';
  return [svg, alt];
}
