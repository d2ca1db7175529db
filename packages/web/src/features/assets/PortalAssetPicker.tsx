import { Form, Select } from 'antd';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { useMyAssets } from './api';

/**
 * 报告事件: an optional picker of the requester's own assets. Its `assetId` rides in the report's
 * form and is sent with the incident, which the server links in the same transaction.
 */
export function PortalAssetPicker() {
  const t = useT();
  const { data } = useMyAssets();
  if (!data?.length) return null;
  return (
    <Form.Item
      name="assetId"
      label={t('assets.picker')}
      extra={
        <span>
          {t('assets.pickerHint')} · <Link to="/portal/assets">{t('assets.mine')}</Link>
        </span>
      }
    >
      <Select
        allowClear
        data-testid="report-asset"
        options={data.map((a) => ({ value: a.id, label: `${a.tag} · ${a.name}${a.model ? ` (${a.model})` : ''}` }))}
      />
    </Form.Item>
  );
}
