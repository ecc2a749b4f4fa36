import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { resetRouterForTests } from '../../src-renderer/router/hash-router';

// antd under jsdom is slow to settle; real calls to a real archive take a moment too.
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks what antd measures with; these stand-ins do nothing but exist.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    configurable: true,
    value: (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStandIn {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, configurable: true, value: ResizeObserverStandIn });
  Object.defineProperty(globalThis, 'ResizeObserver', {
    writable: true,
    configurable: true,
    value: ResizeObserverStandIn,
  });
}

// antd asks for scrollbar pseudo-element styles, which jsdom reports as "not implemented". And
// jsdom's getComputedStyle walks every stylesheet antd injects (~100 ms a call), while Testing
// Library asks it for the same elements over and over; the answer cannot change until the DOM
// does, so it is kept until the next mutation.
const computedStyle = window.getComputedStyle.bind(window);
let styleCache = new WeakMap<Element, CSSStyleDeclaration>();
const domChanges = new MutationObserver(() => {
  styleCache = new WeakMap();
});
domChanges.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
window.getComputedStyle = (element: Element, pseudo?: string | null) => {
  if (domChanges.takeRecords().length > 0) styleCache = new WeakMap();
  if (pseudo) return computedStyle(element);
  let style = styleCache.get(element);
  if (!style) {
    style = computedStyle(element);
    styleCache.set(element, style);
  }
  return style;
};

if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = () => {};
if (!Element.prototype.scrollTo) Element.prototype.scrollTo = () => {};
window.scrollTo = () => {};

beforeEach(() => {
  window.history.replaceState(null, '', '/');
  window.localStorage.clear();
  window.sessionStorage.clear();
  resetRouterForTests();
});

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});
