import { App as AntApp, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { isRecordConflict, validationIssues } from './api';
import { useT } from './i18n';

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Shows a server error (already translated) as a toast. A conflict (the record was taken or changed
 * by someone else meanwhile) stays on screen until dismissed: the page has just reloaded under the
 * person's eyes and they need to read why their action did not happen.
 */
export function useReportError(): (error: unknown) => void {
  const { message, notification } = AntApp.useApp();
  const t = useT();
  return useCallback(
    (error: unknown) => {
      if (isRecordConflict(error)) {
        notification.warning({
          key: 'record-conflict',
          message: errorText(error),
          description: t('record.conflictReloaded'),
          duration: 0,
          props: { 'data-testid': 'record-conflict' } as never,
        });
        return;
      }
      void message.error(errorText(error));
    },
    [message, notification, t],
  );
}

/**
 * Puts the issues of a validation error next to the form fields they name; anything that does
 * not map to a field on screen is shown as a toast.
 */
export function useFormErrorHandler(): (form: FormInstance, error: unknown) => void {
  const report = useReportError();
  return useCallback(
    (form: FormInstance, error: unknown) => {
      const issues = validationIssues(error);
      const registered = new Set(Object.keys(form.getFieldsValue() as Record<string, unknown>));
      const mapped = issues.filter((issue) => issue.path.length > 0 && registered.has(String(issue.path[0])));
      if (mapped.length > 0) {
        form.setFields(mapped.map((issue) => ({ name: issue.path as (string | number)[], errors: [issue.message] })));
      }
      if (mapped.length === 0 || mapped.length < issues.length) report(error);
    },
    [report],
  );
}
