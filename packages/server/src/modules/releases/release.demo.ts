import { CreateDslItem, CreateRelease } from '@trellis/core/modules/releases';
import type { DemoContext } from '../../platform/module.js';
import { dslItems } from './release.registers.js';
import { createRelease, transitionRelease } from './release.service.js';

const DAY = 86_400_000;

/**
 * Demo data: two entries of the definitive software library and a release being planned with its
 * §9.1.2 plan filled in, so the release pages have something to show. Changes are grouped by whoever
 * tries the flow (the change demo raises none yet).
 */
export async function loadReleaseDemo(ctx: DemoContext): Promise<void> {
  await ctx.asAdmin(async (tx) => {
    const oa = (await dslItems.create(
      tx,
      CreateDslItem.parse({
        name: 'OA 办公系统',
        version: '5.2.0',
        checksum: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        licence: '商业授权（500 用户）',
        location: 'smb://dsl.trellis.demo/oa/5.2.0/oa-5.2.0.tar.gz',
        vendor: '致远',
      }),
    )) as { id: string };
    await dslItems.create(
      tx,
      CreateDslItem.parse({
        name: 'OA 办公系统',
        version: '5.1.3',
        checksum: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752',
        licence: '商业授权（500 用户）',
        location: 'smb://dsl.trellis.demo/oa/5.1.3/oa-5.1.3.tar.gz',
        vendor: '致远',
      }),
    );
    const release = await createRelease({
      tx,
      input: CreateRelease.parse({
        title: 'OA 办公系统 5.2 升级',
        version: '5.2.0',
        type: 'major',
        description: '升级 OA 至 5.2：新增移动审批，修复附件上传超时。',
        dslItemIds: [oa.id],
        plan: {
          releaseDate: new Date(Date.now() + 14 * DAY).toISOString(),
          deliverables: 'OA 5.2.0 安装包、数据库升级脚本、移动端配置说明',
          backoutPlan: '停服后恢复 5.1.3 安装包与升级前数据库全量备份，预计 40 分钟',
          verificationPlan: '仿真环境全流程回归；上线后由业务代表抽查审批、附件、移动端登录',
          communication: '上线前三天邮件与企业微信通知全体用户；服务台提前获取已知错误与临时解决办法',
          training: '服务台与各部门管理员参加 1 小时培训，资料存入知识库',
          logistics: '安装包从最终软件库取用，校验和核对后分发至两地机房',
          supportResources: '上线当晚厂商工程师与二线应用组值守至次日 10:00',
          risks: '与同周的数据库补丁变更错开；附件存储迁移可能延长停服时间',
          reviewMeetings: '上线前一周与客户代表召开发布评审会；上线后一周回顾',
          stagingPlan: '在仿真环境完整演练升级与回退各一次',
          installationGuide: '见 OA 5.2 安装指南（知识库）',
        },
      }),
    });
    await transitionRelease({ tx, releaseId: release.id, action: 'plan' });
  });
}
