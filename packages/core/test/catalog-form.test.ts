import { describe, expect, it } from 'vitest';
import { checkFormDefinition, type FormField, isFieldShown, validateAnswers } from '../src/catalog.form.js';

const FORM: FormField[] = [
  {
    key: 'model',
    type: 'choice',
    labelZh: '机型',
    labelEn: 'Model',
    required: true,
    options: [
      { value: 'std', labelZh: '标准', labelEn: 'Standard' },
      { value: 'other', labelZh: '其他', labelEn: 'Other' },
    ],
  },
  {
    key: 'other_model',
    type: 'text',
    labelZh: '其他机型',
    labelEn: 'Other model',
    required: true,
    when: { field: 'model', values: ['other'] },
  },
  {
    key: 'reason',
    type: 'text',
    labelZh: '其他原因',
    labelEn: 'Reason',
    required: false,
    when: { field: 'other_model', values: ['x'] },
  },
  { key: 'qty', type: 'number', labelZh: '数量', labelEn: 'Quantity', required: true, min: 1, max: 5 },
  { key: 'needed_by', type: 'date', labelZh: '需要日期', labelEn: 'Needed by', required: false },
  { key: 'for_user', type: 'user', labelZh: '使用人', labelEn: 'User', required: false },
  { key: 'asset', type: 'asset', labelZh: '旧电脑资产编号', labelEn: 'Old PC asset tag', required: false },
  { key: 'quote', type: 'attachment', labelZh: '报价单', labelEn: 'Quote', required: false },
];

describe('catalogue form validation', () => {
  it('accepts a complete answer and drops hidden fields', () => {
    const { issues, answers } = validateAnswers(FORM, {
      model: 'std',
      other_model: 'ignored',
      qty: '2',
      needed_by: '2026-12-01',
    });
    expect(issues).toEqual([]);
    expect(answers).toEqual({ model: 'std', qty: 2, needed_by: '2026-12-01' });
  });

  it('requires a conditional field only while its condition holds', () => {
    const { issues } = validateAnswers(FORM, { model: 'other', qty: 1 });
    expect(issues).toEqual([{ key: 'other_model', code: 'catalog.answer.required' }]);
  });

  it('hides a field whose controlling field is itself hidden', () => {
    expect(isFieldShown(FORM, FORM[2]!, { model: 'std', other_model: 'x' })).toBe(false);
    expect(isFieldShown(FORM, FORM[2]!, { model: 'other', other_model: 'x' })).toBe(true);
  });

  it('reports one issue per bad field, by type', () => {
    const { issues } = validateAnswers(FORM, {
      model: 'gold',
      qty: 9,
      needed_by: '2026-02-30',
      asset: 'x'.repeat(201),
      quote: 'not files',
      extra: 1,
    });
    expect(issues.map((i) => [i.key, i.code])).toEqual([
      ['extra', 'catalog.answer.unknown_field'],
      ['model', 'catalog.answer.bad_choice'],
      ['qty', 'catalog.answer.too_large'],
      ['needed_by', 'catalog.answer.bad_date'],
      ['asset', 'catalog.answer.too_long'],
      ['quote', 'catalog.answer.bad_value'],
    ]);
    expect(validateAnswers(FORM, { model: 'std', qty: 'abc' }).issues).toEqual([
      { key: 'qty', code: 'catalog.answer.not_number' },
    ]);
    expect(validateAnswers(FORM, { model: 'std', qty: 0 }).issues[0]).toMatchObject({
      code: 'catalog.answer.too_small',
      params: { min: 1 },
    });
    expect(validateAnswers(FORM, { model: '  ', qty: 1 }).issues).toEqual([
      { key: 'model', code: 'catalog.answer.required' },
    ]);
  });

  it('checks definitions: unique keys, options, conditions on earlier fields', () => {
    expect(checkFormDefinition(FORM)).toEqual([]);
    const bad: FormField[] = [
      { key: 'a', type: 'choice', labelZh: 'a', labelEn: 'a', required: false, options: [] },
      { key: 'a', type: 'text', labelZh: 'b', labelEn: 'b', required: false, when: { field: 'a', values: ['nope'] } },
      { key: 'c', type: 'text', labelZh: 'c', labelEn: 'c', required: false, when: { field: 'later', values: ['1'] } },
    ];
    expect(checkFormDefinition(bad)).toEqual([
      { index: 0, code: 'catalog.def.no_options' },
      { index: 1, code: 'catalog.def.duplicate_key' },
      { index: 1, code: 'catalog.def.bad_condition' },
      { index: 2, code: 'catalog.def.bad_condition' },
    ]);
  });
});
