import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Campaign,
  Complaint,
  ComplaintSummary,
  Survey,
  SurveyFollowup,
  SurveyForm,
  SurveyResults,
} from '@trellis/core/modules/relationship';
import { api } from '../../app/api';

export const relKeys = {
  all: ['relationship'] as const,
  complaints: (state: string) => ['relationship', 'complaints', state] as const,
  complaint: (id: string) => ['relationship', 'complaint', id] as const,
  surveys: ['relationship', 'surveys'] as const,
  survey: (id: string) => ['relationship', 'survey', id] as const,
  results: (id: string, by: string) => ['relationship', 'results', id, by] as const,
  versions: (id: string) => ['relationship', 'versions', id] as const,
  campaigns: (id: string) => ['relationship', 'campaigns', id] as const,
  followups: (state: string) => ['relationship', 'followups', state] as const,
  mine: ['relationship', 'mine'] as const,
  org: ['relationship', 'org'] as const,
};

export const useComplaints = (state: string) =>
  useQuery({
    queryKey: relKeys.complaints(state),
    queryFn: () => api.get<{ items: ComplaintSummary[] }>('/complaints', { state }),
  });

export const useComplaint = (id: string) =>
  useQuery({
    queryKey: relKeys.complaint(id),
    queryFn: () => api.get<Complaint>(`/complaints/${encodeURIComponent(id)}`),
  });

export const useSurveys = () =>
  useQuery({ queryKey: relKeys.surveys, queryFn: () => api.get<{ items: Survey[] }>('/surveys') });

export const useSurvey = (id: string) =>
  useQuery({ queryKey: relKeys.survey(id), queryFn: () => api.get<Survey>(`/surveys/${id}`) });

export const useResults = (id: string, by: string) =>
  useQuery({
    queryKey: relKeys.results(id, by),
    queryFn: () => api.get<SurveyResults>(`/surveys/${id}/results`, { by: by || undefined }),
  });

export const useVersions = (id: string) =>
  useQuery({
    queryKey: relKeys.versions(id),
    queryFn: () =>
      api.get<{ items: { version: number; questions: Survey['questions']; createdAt: string; answers: number }[] }>(
        `/surveys/${id}/versions`,
      ),
  });

export const useCampaigns = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: relKeys.campaigns(id),
    queryFn: () => api.get<{ items: Campaign[] }>(`/surveys/${id}/campaigns`),
    enabled,
  });

export const useFollowups = (state: string) =>
  useQuery({
    queryKey: relKeys.followups(state),
    queryFn: () => api.get<{ items: SurveyFollowup[] }>('/survey-followups', { state: state || undefined }),
  });

export const useMySurveys = () =>
  useQuery({
    queryKey: relKeys.mine,
    queryFn: () =>
      api.get<{
        items: {
          responseId: string;
          surveyName: string;
          record: { number: string; title: string } | null;
          expiresAt: string | null;
        }[];
      }>('/my/surveys'),
  });

export const useOrgRelationship = () =>
  useQuery({
    queryKey: relKeys.org,
    queryFn: () =>
      api.get<{
        customerManager: boolean;
        complaints: ComplaintSummary[];
        surveys: { id: string; name: string; results: SurveyResults }[];
      }>('/my/organization-relationship'),
  });

export const fetchLinkForm = (token: string) => api.get<SurveyForm>(`/survey-links/${encodeURIComponent(token)}`);
export const fetchPortalForm = (id: string) => api.get<SurveyForm>(`/my/surveys/${encodeURIComponent(id)}`);

/** Every write invalidates the module's queries: lists, figures and the record itself move together. */
export function useRelMutation<V, R = unknown>(fn: (values: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => client.invalidateQueries({ queryKey: relKeys.all }),
  });
}
