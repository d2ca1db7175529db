import { useQueryClient } from '@tanstack/react-query';
import type { ImportReport } from '@trellis/core';
import { Alert, Button, Card, Radio, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useReportError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { importAssets } from './api';

/** Excel in and out: the template, the register, and an import that reports every bad row. */
export function AssetImportPage() {
  const t = useT();
  const report = useReportError();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<ImportReport['mode']>('all_or_nothing');
  const [result, setResult] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Button href="/api/v1/asset-import/template">{t('assets.import.template')}</Button>
          <Button href="/api/v1/asset-export">{t('assets.import.export')}</Button>
        </Space>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <Button>{t('assets.import.file')}</Button>
        </Upload>
        <Space>
          <Typography.Text>{t('assets.import.mode')}</Typography.Text>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
            <Radio value="all_or_nothing">{t('assets.import.mode.all_or_nothing')}</Radio>
            <Radio value="good_rows">{t('assets.import.mode.good_rows')}</Radio>
          </Radio.Group>
        </Space>
        <Button
          type="primary"
          disabled={!file}
          loading={busy}
          onClick={async () => {
            if (!file) return;
            setBusy(true);
            try {
              setResult(await importAssets(file, mode));
              void client.invalidateQueries({ queryKey: ['assets'] });
            } catch (e) {
              report(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('assets.import.run')}
        </Button>
        {result && (
          <>
            <Alert
              type={result.errors.length ? 'warning' : 'success'}
              message={t('assets.import.result', {
                rows: result.rows,
                imported: result.imported,
                errors: result.errors.length,
              })}
            />
            {result.errors.length > 0 && (
              <Table
                rowKey={(e) => `${e.row}-${e.column}-${e.reason}`}
                size="small"
                pagination={false}
                dataSource={result.errors}
                columns={[
                  { title: t('assets.import.row'), dataIndex: 'row' },
                  { title: t('assets.import.column'), dataIndex: 'column' },
                  { title: t('assets.import.reason'), dataIndex: 'reason' },
                ]}
              />
            )}
          </>
        )}
      </Space>
    </Card>
  );
}
