import { Alert, Breadcrumb, Button, Flex, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { AppErrorShape } from '../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router/hash-router';

export interface Crumb {
  label: string;
  to?: string;
}

/** Title row of every page: where am I (breadcrumb), what is this (title), what can I do (actions). */
export function PageHeader({
  crumbs,
  title,
  subtitle,
  tags,
  actions,
}: {
  crumbs?: Crumb[];
  title: ReactNode;
  subtitle?: ReactNode;
  tags?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      {crumbs && crumbs.length > 0 && (
        <Breadcrumb
          className="page-crumbs"
          items={crumbs.map((c) => ({ key: c.label, title: c.to ? <Link to={c.to}>{c.label}</Link> : c.label }))}
        />
      )}
      <Flex align="center" justify="space-between" gap={12} wrap>
        <Flex align="baseline" gap={12} wrap>
          <Typography.Title level={3} className="page-title">
            {title}
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
          {tags}
        </Flex>
        {actions && (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        )}
      </Flex>
    </div>
  );
}

/** A failed read: what went wrong in the server's words, and a way to try again. */
export function LoadError({ error, onRetry }: { error: AppErrorShape; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t('读取失败')}
      description={error.message}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('重试')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Shows the error, a skeleton while the first answer loads, then the content. */
export function Loaded<T>({
  data,
  error,
  reload,
  children,
}: {
  data: T | undefined;
  error: AppErrorShape | null;
  reload?: () => void;
  children: (data: T) => ReactNode;
}) {
  if (error && data === undefined) return <LoadError error={error} onRetry={reload} />;
  if (data === undefined) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <>{children(data)}</>;
}

/** A keyboard shortcut as shown in tooltips and hints: Ctrl+K on Windows/Linux, ⌘K on a Mac. */
export function shortcut(keys: string): string {
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  return mac ? keys.replace('Ctrl+', '⌘') : keys;
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

/** A page whose record is still on its way (or failed to load): skeleton or error, with page padding. */
export function LoadingPage({
  data,
  error,
  reload,
}: {
  data: unknown;
  error: AppErrorShape | null;
  reload?: () => void;
}) {
  return (
    <div className="page">
      <Loaded data={data} error={error} reload={reload}>
        {() => null}
      </Loaded>
    </div>
  );
}
