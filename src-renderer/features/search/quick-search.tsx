import { CarOutlined, FileTextOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Input, type InputRef, Modal, Spin, Tag } from 'antd';
import {
  createContext,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { SearchHit, SearchHitKind, SearchMatchField } from '../../../src-shared/domain/records';
import type { AppErrorShape } from '../../../src-shared/errors';
import { useApi } from '../../api/client';
import { Kbd, shortcut } from '../../components/page';
import { type Phrase, useI18n } from '../../i18n/i18n';
import { navigate } from '../../router/hash-router';

const DEBOUNCE_MS = 120;
const LIMIT = 50;

export const KIND_LABEL: Record<SearchHitKind, Phrase> = { customer: '客户', vehicle: '车辆', repairOrder: '修理单' };
const KIND_ICON: Record<SearchHitKind, ReactNode> = {
  customer: <UserOutlined />,
  vehicle: <CarOutlined />,
  repairOrder: <FileTextOutlined />,
};
const MATCH_LABEL: Record<SearchMatchField, Phrase> = {
  plate: '车牌',
  phone: '手机',
  vin: '车架号',
  name: '姓名',
  pinyin: '拼音',
  roNumber: '工单号',
};

export function pathOfHit(hit: { kind: SearchHitKind; id: number }): string {
  if (hit.kind === 'customer') return `/archive/customers/${hit.id}`;
  if (hit.kind === 'vehicle') return `/archive/vehicles/${hit.id}`;
  return `/archive/repair-orders/${hit.id}`;
}

interface QuickSearch {
  open(text?: string): void;
}

const QuickSearchContext = createContext<QuickSearch>({ open: () => {} });

export function useQuickSearch(): QuickSearch {
  return useContext(QuickSearchContext);
}

/** Ctrl+K / ⌘K from anywhere opens the quick search; so do the header box and the links on 今日工作台. */
export function QuickSearchProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ open: boolean; text: string; session: number }>({
    open: false,
    text: '',
    session: 0,
  });
  const open = useCallback(
    (text = '') => setState((s) => ({ open: true, text, session: s.open ? s.session : s.session + 1 })),
    [],
  );
  const close = useCallback(() => setState((s) => ({ ...s, open: false })), []);

  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [open]);

  const value = useMemo(() => ({ open }), [open]);
  return (
    <QuickSearchContext.Provider value={value}>
      {children}
      {state.open && <QuickSearchModal key={state.session} initialText={state.text} onClose={close} />}
    </QuickSearchContext.Provider>
  );
}

function QuickSearchModal({ initialText, onClose }: { initialText: string; onClose(): void }) {
  const api = useApi();
  const { t } = useI18n();
  const [text, setText] = useState(initialText);
  const [hits, setHits] = useState<{ text: string; rows: SearchHit[] } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [active, setActive] = useState(0);
  const [pending, setPending] = useState(false);
  const inputRef = useRef<InputRef>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const seq = useRef(0);
  /** Enter pressed before the answer came: open the best hit as soon as it does. */
  const openWhenReady = useRef(false);

  useEffect(() => {
    const id = setTimeout(() => inputRef.current?.focus({ cursor: 'end' }), 0);
    return () => clearTimeout(id);
  }, []);

  const openHit = useCallback(
    (hit: SearchHit) => {
      onClose();
      void navigate(pathOfHit(hit));
    },
    [onClose],
  );

  useEffect(() => {
    const query = text.trim();
    if (query === '') {
      seq.current += 1;
      setHits(null);
      setPending(false);
      return;
    }
    setPending(true);
    openWhenReady.current = false;
    const timer = setTimeout(async () => {
      const mine = ++seq.current;
      const result = await api.invoke('search.quick', { text: query, limit: LIMIT });
      if (mine !== seq.current) return;
      setPending(false);
      if (result.ok) {
        setHits({ text: query, rows: result.value });
        setError(null);
        setActive(0);
        const best = result.value[0];
        if (openWhenReady.current && best) openHit(best);
        openWhenReady.current = false;
      } else {
        setError(result.error);
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, text, openHit]);

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  const rows = hits?.rows ?? [];
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (rows.length > 0) setActive((a) => (a + 1) % rows.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (rows.length > 0) setActive((a) => (a - 1 + rows.length) % rows.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const hit = rows[active];
      if (pending) openWhenReady.current = true;
      else if (hit) openHit(hit);
    }
  };

  const hint = t('车牌片段、手机号（或后4位）、车架号（后6/8位）、姓名、拼音首字母、工单号');

  return (
    <Modal
      open
      title={null}
      footer={null}
      closable={false}
      onCancel={onClose}
      width={680}
      className="quick-search"
      style={{ top: 72 }}
      destroyOnHidden
      aria-label={t('快速搜索')}
    >
      <Input
        ref={inputRef}
        size="large"
        value={text}
        maxLength={100}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        prefix={<SearchOutlined />}
        suffix={pending ? <Spin size="small" /> : <Kbd>Esc</Kbd>}
        placeholder={hint}
        aria-label={t('快速搜索')}
        role="combobox"
        aria-expanded={rows.length > 0}
        aria-controls="quick-search-results"
        aria-activedescendant={rows[active] ? `quick-search-hit-${active}` : undefined}
      />
      <div className="qs-body">
        {error && <div className="qs-empty qs-error">{error.message}</div>}
        {!error && hits === null && (
          <div className="qs-empty">
            <div>
              {t('可以搜索：')}
              {hint}
            </div>
            <div className="muted qs-keys">
              <Kbd>↑</Kbd> <Kbd>↓</Kbd> {t('选择')} · <Kbd>Enter</Kbd> {t('打开')} · <Kbd>Esc</Kbd> {t('关闭')} ·{' '}
              <Kbd>{shortcut('Ctrl+K')}</Kbd> {t('随时打开搜索')}
            </div>
          </div>
        )}
        {!error && hits !== null && rows.length === 0 && (
          <div className="qs-empty">
            <div>{t('没有找到“{text}”。', { text: hits.text })}</div>
            <div className="muted">
              {t('可以试试：')}
              {hint}
            </div>
          </div>
        )}
        {!error && rows.length > 0 && (
          <>
            <div className="qs-count muted">
              {rows.length >= LIMIT
                ? t('只显示前 {n} 条，多输入几个字可以缩小范围', { n: LIMIT })
                : t('找到 {n} 条', { n: rows.length })}
            </div>
            <div className="qs-list" role="listbox" id="quick-search-results" ref={listRef}>
              {rows.map((hit, index) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard is handled on the search box (arrows + Enter)
                <div
                  key={`${hit.kind}:${hit.id}`}
                  id={`quick-search-hit-${index}`}
                  data-index={index}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === active}
                  className={`qs-hit${index === active ? ' qs-hit-active' : ''}`}
                  onMouseMove={() => setActive(index)}
                  onClick={() => openHit(hit)}
                >
                  <span className={`qs-icon qs-icon-${hit.kind}`}>{KIND_ICON[hit.kind]}</span>
                  <span className="qs-kind">{t(KIND_LABEL[hit.kind])}</span>
                  <span className="qs-title">{hit.title}</span>
                  <span className="qs-subtitle">{hit.subtitle}</span>
                  <Tag className="qs-match" color={hit.exact ? 'blue' : 'default'}>
                    {hit.viaOwner ? `${t('车主')} ` : ''}
                    {t(MATCH_LABEL[hit.matchedOn])}
                  </Tag>
                </div>
              ))}
            </div>
          </>
        )}
      </div>
    </Modal>
  );
}
