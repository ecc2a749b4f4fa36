import { Alert, App, Button, type FormInstance, type FormRule } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import type { z } from 'zod';
import type { AppErrorShape, FieldProblem } from '../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { useNavigationBlocker } from '../router/hash-router';

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * An antd rule that runs a shared contract field schema (src-shared/contract/fields.ts), so the
 * clerk sees on the field exactly the message the server would give. Empty optional fields pass.
 */
export function fieldRule(
  schema: z.ZodType,
  options: { optional?: boolean; toValue?: (value: unknown) => unknown } = {},
): FormRule {
  return {
    validator: async (_rule, raw: unknown) => {
      if (options.optional && isEmpty(raw)) return;
      const value = options.toValue ? options.toValue(raw) : (raw ?? '');
      const result = await schema.safeParseAsync(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '输入有误，请检查');
    },
  };
}

/** `users.0.pin` → ['users', 0, 'pin'] as antd names fields. */
export function toNamePath(path: string): (string | number)[] {
  return path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the server's per-field messages (details.fields) on the matching form fields. The form keeps
 * what the clerk typed; nothing was saved (the server is atomic). Returns the problems shown.
 */
export function applyServerErrors(
  form: FormInstance,
  error: AppErrorShape,
  mapPath: (path: string) => (string | number)[] | null = toNamePath,
): FieldProblem[] {
  const problems = error.details?.fields ?? [];
  const grouped = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const problem of problems) {
    const name = mapPath(problem.path);
    if (!name) continue;
    const key = name.join('.');
    const entry = grouped.get(key) ?? { name, errors: [] };
    entry.errors.push(problem.message);
    grouped.set(key, entry);
  }
  const entries = [...grouped.values()];
  form.setFields(entries.map((e) => ({ name: e.name, errors: e.errors })));
  const first = entries[0];
  if (first) form.scrollToField(first.name, { block: 'center' });
  return problems;
}

/**
 * Someone else changed the record meanwhile (a CONFLICT on its version): what was not saved, and
 * 刷新 to read it again.
 */
export function StaleAlert({
  error,
  title,
  className,
  onReload,
}: {
  error: AppErrorShape | null;
  title: string;
  className?: string;
  onReload(): void;
}) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className={className}
      title={title}
      description={error.message}
      action={
        <Button size="small" onClick={onReload}>
          {t('刷新')}
        </Button>
      }
    />
  );
}

/** The error of the last save attempt, in full: the message and, if several, every field at fault. */
export function SaveErrorAlert({ error, onClose }: { error: AppErrorShape | null; onClose?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const fields = error.details?.fields ?? [];
  return (
    <Alert
      type="error"
      showIcon
      closable={onClose ? { onClose } : false}
      className="save-error"
      title={
        <span>
          {t('没有保存')}：{error.message}
        </span>
      }
      description={
        fields.length > 1 ? (
          <ul className="problem-list">
            {fields.map((f) => (
              <li key={`${f.path}:${f.message}`}>
                {f.label}：{f.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

export function SaveWarningsAlert({ warnings }: { warnings: string[] }) {
  const { t } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      title={t('已保存，请注意')}
      description={
        <ul className="problem-list">
          {warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      }
    />
  );
}

/** True when a popup (select list, date picker, modal) is open and should get Esc itself. */
function popupOpen(target: EventTarget | null): boolean {
  if (target instanceof HTMLElement && target.getAttribute('aria-expanded') === 'true') return true;
  return (
    document.querySelector(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden), .ant-picker-dropdown:not(.ant-picker-dropdown-hidden), .ant-modal-wrap:not([style*="display: none"])',
    ) !== null
  );
}

/** Ctrl+S (⌘S) saves, Esc cancels, while the form is on screen. */
export function useFormShortcuts(handlers: { onSave(): void; onCancel(): void }, enabled = true): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        ref.current.onSave();
      } else if (e.key === 'Escape' && !e.defaultPrevented && !popupOpen(e.target)) {
        ref.current.onCancel();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

/**
 * Unsaved edits are not lost by accident: leaving the page (menu, link, back, Esc, Cancel) asks first.
 * Returns `confirmLeave()` for the form's own Cancel.
 */
export function useUnsavedGuard(dirty: boolean): { confirmLeave(): Promise<boolean> } {
  const { modal } = App.useApp();
  const { t } = useI18n();
  const asking = useRef<Promise<boolean> | null>(null);
  const confirmLeave = useCallback((): Promise<boolean> => {
    if (!dirty) return Promise.resolve(true);
    if (asking.current) return asking.current;
    asking.current = new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('放弃未保存的修改？'),
        content: t('这张表上的修改还没有保存。离开后，刚才填写的内容会丢失。'),
        okText: t('放弃修改'),
        okButtonProps: { danger: true },
        cancelText: t('继续填写'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    }).finally(() => {
      asking.current = null;
    });
    return asking.current;
  }, [dirty, modal, t]);
  useNavigationBlocker(dirty, confirmLeave);
  return { confirmLeave };
}
