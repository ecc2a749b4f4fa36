import { Select, Spin } from 'antd';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchHitKind } from '../../src-shared/domain/records';
import { useApi } from '../api/client';
import { useI18n } from '../i18n/i18n';

export interface PickerOption {
  value: number;
  label: string;
}

const SEARCH_DELAY_MS = 150;

/**
 * Picks a customer or a vehicle by the same quick search the clerk uses everywhere (name, phone
 * or its last 4, pinyin initials, plate fragment, VIN tail). Never lists the whole archive.
 */
export function RecordPicker({
  kind,
  value,
  onChange,
  initialOption,
  placeholder,
  id,
  disabled,
}: {
  kind: Exclude<SearchHitKind, 'repairOrder'>;
  value?: number | null;
  onChange?: (value: number | null, option: PickerOption | null) => void;
  /** How to show the value the form starts with (the record's current owner / vehicle). */
  initialOption?: PickerOption | null;
  placeholder?: string;
  id?: string;
  disabled?: boolean;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [options, setOptions] = useState<PickerOption[]>(initialOption ? [initialOption] : []);
  const [searching, setSearching] = useState(false);
  const [typed, setTyped] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);

  useEffect(() => {
    if (initialOption)
      setOptions((prev) => (prev.some((o) => o.value === initialOption.value) ? prev : [initialOption, ...prev]));
  }, [initialOption]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const onSearch = (text: string) => {
    setTyped(text);
    clearTimeout(timer.current);
    if (text.trim() === '') {
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      const result = await api.invoke('search.quick', { text, limit: 50, kind });
      if (mine !== seq.current) return;
      setSearching(false);
      if (!result.ok) return;
      const found = result.value
        .filter((hit: SearchHit) => hit.kind === kind)
        .map((hit) => ({ value: hit.id, label: hit.subtitle ? `${hit.title} · ${hit.subtitle}` : hit.title }));
      setOptions((prev) => {
        const selected = prev.filter((o) => o.value === value);
        return [...selected, ...found.filter((o) => o.value !== value)];
      });
    }, SEARCH_DELAY_MS);
  };

  let notFound: ReactNode = null;
  if (searching) notFound = <Spin size="small" />;
  else if (typed.trim() !== '') notFound = <span className="muted">{t('没有找到，请换个关键词')}</span>;
  else
    notFound = (
      <span className="muted">
        {kind === 'customer'
          ? t('输入姓名、手机号（或后4位）、拼音首字母')
          : t('输入车牌片段、车架号后6位或车主姓名、手机号')}
      </span>
    );

  return (
    <Select<number | null>
      id={id}
      value={value ?? null}
      disabled={disabled}
      allowClear
      placeholder={placeholder}
      options={options}
      showSearch={{ filterOption: false, onSearch }}
      notFoundContent={notFound}
      onChange={(v) => {
        const option = options.find((o) => o.value === v) ?? null;
        onChange?.(v ?? null, option);
      }}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
    />
  );
}
