import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

/**
 * Helpers that find things the way the clerk sees them without Testing Library's role queries:
 * those call jsdom's getComputedStyle for every candidate, which costs ~100 ms a call against the
 * stylesheets antd injects. Role queries stay where the role is the point (options, headings).
 */
export function setupUser() {
  return userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
}

export type User = ReturnType<typeof setupUser>;

/** The button whose text is `label` (antd spaces two-character labels: 保 存). */
export function button(label: string, root: ParentNode = document): HTMLButtonElement {
  const want = label.replace(/\s/g, '');
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].filter(
    (b) => (b.textContent ?? '').replace(/\s/g, '') === want || b.getAttribute('aria-label') === label,
  );
  if (found.length === 0) throw new Error(`no button “${label}”`);
  return found[found.length - 1]!;
}

export async function findButton(label: string): Promise<HTMLButtonElement> {
  return waitFor(() => button(label));
}

/** The antd form item (label, control, messages) that holds the control with this id. */
export function formItemOf(controlId: string): HTMLElement {
  const item = document.getElementById(controlId)?.closest<HTMLElement>('.ant-form-item');
  if (!item) throw new Error(`no form item for #${controlId}`);
  return item;
}

export function inputById(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input #${id}`);
  return el;
}

/** Opens an antd Select by its control id and picks the option with this label. */
export async function choose(user: User, controlId: string, optionLabel: string): Promise<void> {
  await user.click(document.getElementById(controlId)!);
  const options = await screen.findAllByTitle(optionLabel);
  await user.click(options[options.length - 1]!);
}

export function heading(text: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4')].find((h) => h.textContent === text) ?? null;
}

export async function findHeading(text: string): Promise<HTMLElement> {
  return waitFor(() => {
    const h = heading(text);
    if (!h) throw new Error(`no heading “${text}”`);
    return h;
  });
}
