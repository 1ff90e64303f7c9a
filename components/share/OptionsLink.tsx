import type { ComponentChildren } from 'preact';
import browser from 'webextension-polyfill';

/** A link to the options page, where the account is set up. */
export function OptionsLink({ children }: { children: ComponentChildren }) {
  const open = (e: MouseEvent) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage();
  };
  return (
    <a href={browser.runtime.getURL('/options.html')} onClick={open} data-action="open-options">
      {children}
    </a>
  );
}
