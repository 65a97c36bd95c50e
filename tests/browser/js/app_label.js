// A short name for one app (`el`) in test messages: its first control label, else its first button texts,
// else its first line of text (at most 50 characters).
el => {
  const clean = t => (t || '').replace(/[\u200b\s]+/g, ' ').trim();
  const described = [...el.querySelectorAll('.widget-label, .widget-label-basic')]
    .map(l => clean(l.innerText)).find(Boolean);
  const buttons = [...el.querySelectorAll('button')].map(b => clean(b.innerText))
    .filter(Boolean).slice(0, 3).join(' / ');
  return (described || buttons || clean(el.innerText.split('\n')[0])).slice(0, 50);
}
