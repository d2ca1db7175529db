import type { TableProps } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';

/** Every register item has an id; the rest is the register's own API shape. */
export interface RegisterItem {
  id: string;
}

/** One field of a register's form, described as data so RegisterPage draws it. */
export interface RegisterField<I> {
  name: keyof I & string;
  label: ReactNode;
  kind: 'text' | 'textarea' | 'number' | 'checkbox' | 'switch' | 'select' | 'password';
  /** For selects: several values, or free tags as well. */
  mode?: 'multiple' | 'tags';
  required?: boolean;
  maxLength?: number;
  extra?: ReactNode;
  options?: { value: string | number; label: ReactNode }[];
  /** For selects: options read from another endpoint (reference data such as groups or organisations). */
  source?: RegisterSource;
  allowClear?: boolean;
  placeholder?: string;
  /** Fixed once created (shown, not editable, on edit). */
  createOnly?: boolean;
  /** Only on edit (e.g. the active switch of something just being created). */
  editOnly?: boolean;
  /** Checks beyond "required" (a pattern); the server checks again. */
  rules?: Rule[];
  /** Leave it out of the form (e.g. a right the person does not have). */
  hidden?: boolean;
  testId?: string;
}

/** Where a select's options come from: a list under /api/v1, shared with every other reader of that list. */
export interface RegisterSource {
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: items of whichever list the options come from
  label?: (item: any) => string;
  // biome-ignore lint/suspicious/noExplicitAny: items of whichever list the options come from
  filter?: (item: any) => boolean;
  /** Fixed query parameters (`{ staff: 'true' }`). */
  params?: Record<string, string>;
  /** Ask the server as the person types, with this query parameter (`q`), instead of loading the whole list. */
  search?: string;
}

export interface RegisterPageProps<T extends RegisterItem, I extends object> {
  /** The register's collection under /api/v1, e.g. `/console/canned-replies`. */
  path: string;
  title: ReactNode;
  intro?: ReactNode;
  columns: ColumnsType<T>;
  fields: RegisterField<I>[];
  /** Prefix of the test ids: `${testId}-new`, the modal `trellis-modal-${testId}`, fields `${testId}-${name}`. */
  testId: string;
  newLabel?: ReactNode;
  defaults?: Partial<I>;
  /** The form's values for an existing item; default: the item itself. */
  toForm?: (item: T) => Partial<I>;
  /** Whether the row shows edit and archive; default: always. */
  canEdit?: (item: T) => boolean;
  canCreate?: boolean;
  archiveConfirm?: ReactNode;
  /** Inside a tab of another page: no card, heading or page title of its own. */
  embedded?: boolean;
  /** Without it the register has no archive button. */
  archivable?: boolean;
  /** The request body from the form's values; default: the values as they are. */
  toBody?: (values: I, item: T | null) => unknown;
  /** After a save, with the server's answer (e.g. a token shown once). */
  onSaved?: (saved: unknown, created: boolean) => void;
  /** More buttons per row, before edit and archive (e.g. "poll now"). */
  rowActions?: (item: T) => ReactNode;
  /** Whether a row shows edit; default: canEdit. Creation-only registers say false. */
  editable?: boolean;
  expandable?: TableProps<T>['expandable'];
  scroll?: TableProps<T>['scroll'];
  formWidth?: number;
}
