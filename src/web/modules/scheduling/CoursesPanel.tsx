import { useState, type SubmitEvent } from 'react';
import { Alert, Badge, Button, Group, Paper, Progress, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { CourseView } from '../../../contracts/protocols.js';
import { roleHas } from '../../../contracts/permissions.js';
import { fieldErrors } from '../../app/api.js';
import { useSession } from '../../app/session.js';
import { formatDate } from '../../ui/format.js';
import { listPriorAuthorizations, listRecommendations, listVaReferrals } from '../care/api.js';
import { getPatient } from '../patients/api.js';
import { listCourses, listProtocols, startCourse } from './api.js';

export const COURSE_STATUS_COLORS: Record<CourseView['status'], string> = {
  planned: 'gray',
  active: 'teal',
  on_hold: 'orange',
  completed: 'blue',
  stopped: 'red',
};

/** A patient's treatment courses, and (for providers) starting one from the care path's recommendation. */
export function CoursesPanel({ patientId }: { patientId: string }) {
  const { session } = useSession();
  const courses = useQuery({ queryKey: ['courses', patientId], queryFn: () => listCourses(patientId) });
  const canStart = roleHas(session?.user.role ?? 'nurse', 'course:write');
  return (
    <Stack>
      {canStart && <StartCourseForm patientId={patientId} />}
      {courses.isLoading && <Text>Loading courses…</Text>}
      {courses.isError && <Alert color="red">Could not load the courses.</Alert>}
      {courses.data?.length === 0 && <Text>No treatment course yet.{canStart ? '' : ' A provider starts one from the care path.'}</Text>}
      {courses.data?.map((c) => (
        <CourseCard key={c.id} course={c} />
      ))}
    </Stack>
  );
}

const TREATMENT_OF_PA: Record<string, string> = { tms: 'tms', esketamine: 'esketamine', iv_ketamine: 'iv_ketamine', im_ketamine: 'im_ketamine', kap: 'kap' };

/** A provider starts a course: protocol (current version), clinic, the recommendation it follows or why it differs, and the authorization it counts against. */
function StartCourseForm({ patientId }: { patientId: string }) {
  const qc = useQueryClient();
  const protocols = useQuery({ queryKey: ['protocols-current'], queryFn: async () => (await listProtocols()).filter((p) => p.current) });
  const patient = useQuery({ queryKey: ['patient', patientId], queryFn: () => getPatient(patientId) });
  const recs = useQuery({ queryKey: ['recommendations', patientId], queryFn: () => listRecommendations(patientId) });
  const pas = useQuery({ queryKey: ['prior-authorizations', patientId], queryFn: () => listPriorAuthorizations(patientId) });
  const vas = useQuery({ queryKey: ['va-referrals', patientId], queryFn: () => listVaReferrals(patientId) });
  const [protocolId, setProtocolId] = useState<string | null>(null);
  const [locationId, setLocationId] = useState<string | null>(null);
  const [recommendationId, setRecommendationId] = useState<string | null>(null);
  const [differReason, setDifferReason] = useState('');
  const [link, setLink] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const protocol = protocols.data?.find((p) => p.id === protocolId);
  const linkOptions = [
    ...(pas.data?.items ?? [])
      .filter((a) => !protocol || TREATMENT_OF_PA[a.treatment] === protocol.treatment)
      .map((a) => ({ value: `pa:${a.id}`, label: `Prior authorization ${a.authorizationNumber ?? '(no number yet)'} · ${a.status}` })),
    ...(vas.data?.items ?? [])
      .filter((v) => !protocol || v.treatment === protocol.treatment)
      .map((v) => ({ value: `va:${v.id}`, label: `VA referral ${v.referralNumber}` })),
  ];
  const latest = recs.data?.items[0];

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    const rec = recommendationId ?? latest?.id ?? null;
    try {
      const course = await startCourse(patientId, {
        protocolId,
        locationId,
        ...(differReason.trim() ? { differReason: differReason.trim() } : rec ? { recommendationId: rec } : {}),
        ...(link?.startsWith('pa:') ? { priorAuthorizationId: link.slice(3) } : {}),
        ...(link?.startsWith('va:') ? { vaReferralId: link.slice(3) } : {}),
      });
      setMessage(`Started: ${course.protocol.name}.`);
      await qc.invalidateQueries({ queryKey: ['courses', patientId] });
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage(err instanceof Error ? err.message : 'Could not start the course.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="Start a treatment course">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Start a treatment course
        </Title>
        <Group grow align="flex-start" wrap="wrap">
          <Select
            label="Protocol"
            placeholder="Choose"
            data={(protocols.data ?? []).map((p) => ({ value: p.id, label: `${p.name} (v${p.version})` }))}
            value={protocolId}
            onChange={setProtocolId}
            error={errors.protocolId}
            required
            miw={220}
          />
          <Select
            label="Clinic"
            placeholder="Choose"
            data={(patient.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name }))}
            value={locationId}
            onChange={setLocationId}
            error={errors.locationId}
            required
            miw={180}
          />
        </Group>
        <Select
          label="Follows the recommendation"
          description={latest ? undefined : 'No recommendation recorded yet: give the reason below.'}
          data={(recs.data?.items ?? []).map((r) => ({ value: r.id, label: `${formatDate(r.createdAt)} · ${r.chosenOption ?? r.nextStep ?? 'recorded'}` }))}
          value={recommendationId ?? latest?.id ?? null}
          onChange={setRecommendationId}
          error={errors.recommendationId}
          clearable
        />
        <Textarea
          label="Reason to differ from the recommendation"
          description="Only when this course is not what the care path recommended."
          value={differReason}
          onChange={(e) => setDifferReason(e.currentTarget.value)}
          error={errors.differReason}
          autosize
          minRows={1}
        />
        <Select
          label="Counts against"
          placeholder={linkOptions.length ? 'Choose the authorization or referral' : 'No authorization or referral for this treatment'}
          data={linkOptions}
          value={link}
          onChange={setLink}
          error={errors.priorAuthorizationId ?? errors.vaReferralId}
          clearable
        />
        {message && (
          <Alert color={Object.keys(errors).length || !message.startsWith('Started') ? 'red' : 'teal'} role="status">
            {message}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            Start course
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function CourseCard({ course }: { course: CourseView }) {
  const link = course.payerLink;
  return (
    <Paper withBorder p="md" aria-label={`Course: ${course.protocol.name}`} component="section">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {course.protocol.name}
          </Title>
          <Group gap="xs">
            <Badge color={COURSE_STATUS_COLORS[course.status]} variant="light">
              {course.status.replace('_', ' ')}
            </Badge>
            <Badge variant="outline">protocol version {course.protocol.version}</Badge>
          </Group>
        </Group>
        <Text size="sm">
          {course.location.name} · {course.visits.done} done, {course.visits.booked} booked of {course.protocol.sessions} visits
          {course.visits.first ? ` · from ${formatDate(course.visits.first)}` : ''}
          {course.statusReason ? ` · ${course.statusReason}` : ''}
        </Text>
        {link ? (
          link.inForce && link.sessions !== null ? (
            <Stack gap={2}>
              <Text size="sm">
                {link.kind === 'prior_authorization' ? 'Prior authorization' : 'VA referral'}: {link.used} of {link.sessions} sessions used
                {link.from && link.to ? `, ${formatDate(link.from)} to ${formatDate(link.to)}` : ''}
              </Text>
              <Progress value={(100 * link.used) / Math.max(1, link.sessions)} aria-label="Authorized sessions used" />
            </Stack>
          ) : (
            <Text size="sm" c="red.9">
              {link.kind === 'prior_authorization' ? 'Prior authorization' : 'VA referral'} not approved yet.
            </Text>
          )
        ) : (
          <Text size="sm">No authorization linked.</Text>
        )}
        <Group>
          <Button component={Link} to={`/courses/${course.id}`} variant="default">
            Open course
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
