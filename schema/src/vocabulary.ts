/**
 * The vocabularies of service areas and lesson themes as first shipped: `[key, name, description]`.
 * The migration that creates their tables inserts them (later changes go through new migrations);
 * validation accepts only these keys.
 */
export const SERVICE_AREAS = [
  [
    'childrens-social-work',
    "Children's social work and care",
    'Social work with children and families: family support, child protection, children in care, care leavers.',
  ],
  ['child-family-health', 'Child and family health', 'Health visiting, school nursing and community child health.'],
  ['health', 'Health care', 'Primary, hospital and community health services.'],
  ['mental-health', 'Mental health', 'Mental health services, including child and adolescent mental health.'],
  ['education', 'Education', 'Schools, early learning and childcare, and pupil welfare.'],
  ['adult-social-care', 'Adult social care', 'Social care and support for adults.'],
  ['youth-justice', 'Youth justice', 'Responses to offending by children and young people.'],
  ['justice-social-work', 'Justice social work', 'Social work with adults in the justice system.'],
  ['disability', 'Disability services', 'Services for disabled children and adults.'],
  ['policing', 'Policing', 'Police services.'],
  ['fire-and-rescue', 'Fire and rescue', 'Fire and rescue services.'],
] as const;

export const LESSON_THEMES = [
  ['leadership', 'Leadership', 'Who leads a reform, how, and with what continuity.'],
  [
    'governance-accountability',
    'Governance and accountability',
    'Who holds whom to account, and how decisions are scrutinised.',
  ],
  ['finance', 'Finance', 'Funding, budgets, savings and their effects.'],
  ['workforce', 'Workforce', 'Staff, their conditions, skills and transfer.'],
  ['culture', 'Culture', 'Organisational culture, identity and ways of working.'],
  ['ict-data', 'ICT and data', 'Systems, records and information sharing.'],
  ['local-partnership', 'Local partnership', 'Relations with local government and local partners.'],
  ['legislation', 'Legislation', 'The law that frames a reform and its duties.'],
  ['pace-sequencing', 'Pace and sequencing', 'Timescales, phasing and the order of change.'],
  ['engagement', 'Engagement', 'Involving children, families, staff and the public.'],
  ['outcomes-evidence', 'Outcomes and evidence', 'What a reform achieved and how that is known.'],
] as const;
