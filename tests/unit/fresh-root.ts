import { render } from 'preact';
import { afterEach, beforeEach } from 'vitest';

/** Gives each test of the file a fresh <div> in the document to render into (`use` receives it); unmounted and removed after the test. */
export function freshRoot(use: (root: HTMLElement) => void): void {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
    use(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });
}
