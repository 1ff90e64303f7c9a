/** The `<div id="app">` of an extension page's index.html, where its Preact app renders. */
export function appRoot(): HTMLElement {
  const root = document.getElementById('app');
  if (!root) throw new Error('this page has no <div id="app"> to render into');
  return root;
}
