/**
 * Hover text for policy fields, in our own plain words. Keyed by field name; shown when the
 * pointer rests on a key in the editor, and as the detail of an autocomplete entry.
 */
export const FIELD_HELP: Readonly<Record<string, string>> = {
  apiVersion: 'Which API the object belongs to. NetworkPolicy uses networking.k8s.io/v1.',
  kind: 'The type of object, e.g. NetworkPolicy.',
  metadata: 'Name and namespace of the policy.',
  name: 'The object’s name, unique in its namespace.',
  namespace: 'The namespace the policy lives in. Its podSelector only picks pods from here.',
  spec: 'What the policy selects and which traffic it allows.',
  podSelector: 'Which pods in this namespace the policy applies to. {} means every pod here.',
  policyTypes: 'Which directions the policy isolates: Ingress, Egress or both.',
  ingress: 'Rules for incoming connections. Missing or [] with policyTypes Ingress allows nothing in.',
  egress: 'Rules for outgoing connections. Remember DNS: allow UDP and TCP 53 to kube-dns.',
  from: 'Who may connect in. Several entries are OR-ed; an empty list or a missing from means everyone.',
  to: 'Where pods may connect to. Several entries are OR-ed; a missing to means everywhere.',
  ports: 'Which destination ports the rule covers. Missing means all ports.',
  port: 'A port number or a named container port of the destination pod.',
  endPort: 'Makes the rule cover a range: from port up to endPort. Needs a numeric port.',
  protocol: 'TCP (the default), UDP or SCTP.',
  namespaceSelector: 'Selects namespaces by their labels. {} means every namespace.',
  ipBlock: 'An IP range (CIDR), meant for addresses outside the cluster.',
  cidr: 'An address range such as 203.0.113.0/24.',
  except: 'Ranges inside the cidr that are left out.',
  matchLabels: 'Every listed label must be present with exactly this value.',
  matchExpressions: 'Label conditions with an operator: In, NotIn, Exists or DoesNotExist.',
  key: 'The label key the expression looks at.',
  operator: 'In, NotIn, Exists or DoesNotExist.',
  values: 'The label values for In and NotIn; must be empty for Exists and DoesNotExist.',
};

/** Field names offered in key position, with their help text as detail. */
export const POLICY_FIELDS: readonly string[] = Object.keys(FIELD_HELP);
