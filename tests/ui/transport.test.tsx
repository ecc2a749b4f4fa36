import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { chooseTransport, TOKEN_STORAGE_KEY } from '../../src-renderer/api/transport';
import { NoDoorPage } from '../../src-renderer/no-door.page';

describe('choosing the door at start', () => {
  it('takes the browser host’s token from the address, keeps it for the tab, and cleans the address', () => {
    window.history.replaceState(null, '', '/#token=abc_DEF-123');
    const choice = chooseTransport();
    expect(choice.transport?.kind).toBe('http');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBe('abc_DEF-123');
    expect(window.location.hash).toBe('#/today');
    expect(window.location.href).not.toContain('token');
    // A reload of the same tab still finds it.
    expect(chooseTransport().transport?.kind).toBe('http');
  });

  it('prefers the Electron preload when it is there', () => {
    const bridge = { invoke: async () => ({ ok: true as const, value: null }), on: () => () => {} };
    Object.defineProperty(window, 'clerkdesk', { value: bridge, configurable: true });
    try {
      expect(chooseTransport().transport?.kind).toBe('ipc');
    } finally {
      Reflect.deleteProperty(window, 'clerkdesk');
    }
  });

  it('with neither, says in Chinese how to open the app', () => {
    expect(chooseTransport()).toEqual({ transport: null, reason: 'no-door' });
    render(<NoDoorPage />);
    expect(screen.getByText('这个页面需要从 ClerkDesk 打开，现在连不上档案库。')).toBeTruthy();
    expect(document.body.textContent).toContain('npm run serve');
  });
});
