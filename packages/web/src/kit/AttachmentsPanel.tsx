import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { Attachment } from '@trellis/core';
import { App as AntApp, Button, List, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useReportError } from '../app/errors';
import { useT } from '../app/i18n';

/** Where a stored attachment is downloaded from; the same for every record kind. */
export const attachmentUrl = (id: string) => `/api/v1/attachments/${encodeURIComponent(id)}`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentsPanel({
  attachments,
  canAttach,
  upload,
}: {
  attachments: Attachment[];
  canAttach: boolean;
  upload: (file: File) => Promise<unknown>;
}) {
  const t = useT();
  const { message } = AntApp.useApp();
  const reportError = useReportError();
  return (
    <div data-testid="attachments">
      {attachments.length > 0 ? (
        <List
          size="small"
          dataSource={attachments}
          renderItem={(a) => (
            <List.Item>
              <List.Item.Meta
                avatar={<PaperClipOutlined />}
                title={
                  <a href={attachmentUrl(a.id)} target="_blank" rel="noreferrer">
                    {a.filename}
                  </a>
                }
                description={`${formatSize(a.size)} · ${a.uploadedBy.name} · ${dayjs(a.createdAt).format('YYYY-MM-DD HH:mm')}`}
              />
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{t('attachments.none')}</Typography.Text>
      )}
      {canAttach && (
        <div style={{ marginTop: 8 }}>
          <Upload
            multiple
            showUploadList={false}
            customRequest={({ file, onSuccess, onError }) => {
              upload(file as File)
                .then((result) => {
                  onSuccess?.(result);
                  void message.success(t('attachments.uploaded', { name: (file as File).name }));
                })
                .catch((error: unknown) => {
                  onError?.(error as Error);
                  reportError(error);
                });
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Upload>
        </div>
      )}
    </div>
  );
}
