--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)


--
-- Name: __duban_schema__; Type: SCHEMA; Schema: -; Owner: -
--





--
-- Name: assignees; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.assignees (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    user_id bigint NOT NULL,
    role character varying(8) NOT NULL,
    seq bigint NOT NULL,
    ack_at timestamp with time zone
);


--
-- Name: assignees_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.assignees_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: assignees_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.assignees_id_seq OWNED BY __duban_schema__.assignees.id;


--
-- Name: audit_events; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.audit_events (
    id bigint NOT NULL,
    chat_id bigint NOT NULL,
    task_id bigint,
    actor_id bigint,
    kind character varying(32) NOT NULL,
    detail text,
    created_at timestamp with time zone
);


--
-- Name: audit_events_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.audit_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_events_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.audit_events_id_seq OWNED BY __duban_schema__.audit_events.id;


--
-- Name: chats; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.chats (
    id bigint NOT NULL,
    telegram_id bigint NOT NULL,
    type character varying(16) NOT NULL,
    title character varying(255),
    is_forum boolean,
    zone character varying(64) NOT NULL,
    need_confirm boolean DEFAULT true NOT NULL,
    last_task_number bigint DEFAULT 0 NOT NULL,
    remind_before character varying(100) DEFAULT '1440,120'::character varying NOT NULL,
    quiet_start bigint DEFAULT 1320 NOT NULL,
    quiet_end bigint DEFAULT 480 NOT NULL,
    weekly_digest character varying(100) DEFAULT '0 9 * * 1'::character varying NOT NULL,
    daily_digest character varying(100) DEFAULT ''::character varying NOT NULL,
    escalate_after bigint DEFAULT 2 NOT NULL,
    rank_on_time bigint DEFAULT 10 NOT NULL,
    rank_late bigint DEFAULT 4 NOT NULL,
    rank_overdue bigint DEFAULT 5 NOT NULL,
    flag_count bigint DEFAULT 3 NOT NULL,
    rank_extensions boolean DEFAULT true NOT NULL,
    rank_unit_only boolean DEFAULT false NOT NULL,
    publish boolean DEFAULT true NOT NULL,
    blocked_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: chats_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.chats_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: chats_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.chats_id_seq OWNED BY __duban_schema__.chats.id;


--
-- Name: extension_requests; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.extension_requests (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    requester_id bigint NOT NULL,
    old_deadline timestamp with time zone NOT NULL,
    new_deadline timestamp with time zone NOT NULL,
    phrase character varying(100),
    reason character varying(2000),
    status character varying(16) NOT NULL,
    decider_id bigint,
    decided_at timestamp with time zone,
    created_at timestamp with time zone
);


--
-- Name: extension_requests_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.extension_requests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: extension_requests_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.extension_requests_id_seq OWNED BY __duban_schema__.extension_requests.id;


--
-- Name: memberships; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.memberships (
    chat_id bigint NOT NULL,
    user_id bigint NOT NULL,
    unit_name character varying(100),
    named_leader boolean DEFAULT false NOT NULL,
    updated_at timestamp with time zone
);


--
-- Name: processed_updates; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.processed_updates (
    update_id bigint NOT NULL,
    created_at timestamp with time zone
);


--
-- Name: progress_reports; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.progress_reports (
    id bigint NOT NULL,
    task_id bigint NOT NULL,
    user_id bigint NOT NULL,
    percent bigint,
    text text,
    created_at timestamp with time zone
);


--
-- Name: progress_reports_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.progress_reports_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: progress_reports_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.progress_reports_id_seq OWNED BY __duban_schema__.progress_reports.id;


--
-- Name: prompts; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.prompts (
    id bigint NOT NULL,
    chat_id bigint NOT NULL,
    message_id bigint NOT NULL,
    user_id bigint NOT NULL,
    kind character varying(32) NOT NULL,
    payload text,
    created_at timestamp with time zone
);


--
-- Name: prompts_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.prompts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: prompts_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.prompts_id_seq OWNED BY __duban_schema__.prompts.id;


--
-- Name: reminders; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.reminders (
    id bigint NOT NULL,
    chat_id bigint NOT NULL,
    task_id bigint,
    kind character varying(16) NOT NULL,
    due_at timestamp with time zone NOT NULL,
    at timestamp with time zone NOT NULL,
    "offset" bigint,
    ignore_quiet boolean,
    note character varying(2000),
    actor_id bigint,
    sent_at timestamp with time zone,
    message_id bigint,
    attempts bigint,
    last_error character varying(500),
    failed_at timestamp with time zone,
    created_at timestamp with time zone
);


--
-- Name: reminders_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.reminders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: reminders_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.reminders_id_seq OWNED BY __duban_schema__.reminders.id;


--
-- Name: tasks; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.tasks (
    id bigint NOT NULL,
    chat_id bigint NOT NULL,
    number bigint NOT NULL,
    title character varying(800) NOT NULL,
    detail text,
    unit_name character varying(200),
    assigner_id bigint NOT NULL,
    lead_id bigint,
    responsible_id bigint,
    status character varying(16) NOT NULL,
    deadline timestamp with time zone NOT NULL,
    original_deadline timestamp with time zone NOT NULL,
    deadline_phrase character varying(100),
    percent bigint DEFAULT 0 NOT NULL,
    extensions bigint DEFAULT 0 NOT NULL,
    submitted_at timestamp with time zone,
    done_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    cancel_reason character varying(2000),
    thread_id bigint,
    message_id bigint,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: tasks_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.tasks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tasks_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.tasks_id_seq OWNED BY __duban_schema__.tasks.id;


--
-- Name: units; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.units (
    id bigint NOT NULL,
    chat_id bigint NOT NULL,
    name character varying(100) NOT NULL,
    created_at timestamp with time zone
);


--
-- Name: units_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.units_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: units_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.units_id_seq OWNED BY __duban_schema__.units.id;


--
-- Name: users; Type: TABLE; Schema: __duban_schema__; Owner: -
--

CREATE TABLE __duban_schema__.users (
    id bigint NOT NULL,
    telegram_id bigint,
    username character varying(64),
    first_name character varying(255),
    last_name character varying(255),
    language_code character varying(16),
    started_bot boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: __duban_schema__; Owner: -
--

CREATE SEQUENCE __duban_schema__.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: users_id_seq; Type: SEQUENCE OWNED BY; Schema: __duban_schema__; Owner: -
--

ALTER SEQUENCE __duban_schema__.users_id_seq OWNED BY __duban_schema__.users.id;


--
-- Name: assignees id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.assignees ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.assignees_id_seq'::regclass);


--
-- Name: audit_events id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.audit_events ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.audit_events_id_seq'::regclass);


--
-- Name: chats id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.chats ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.chats_id_seq'::regclass);


--
-- Name: extension_requests id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.extension_requests ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.extension_requests_id_seq'::regclass);


--
-- Name: progress_reports id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.progress_reports ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.progress_reports_id_seq'::regclass);


--
-- Name: prompts id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.prompts ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.prompts_id_seq'::regclass);


--
-- Name: reminders id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.reminders ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.reminders_id_seq'::regclass);


--
-- Name: tasks id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.tasks ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.tasks_id_seq'::regclass);


--
-- Name: units id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.units ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.units_id_seq'::regclass);


--
-- Name: users id; Type: DEFAULT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.users ALTER COLUMN id SET DEFAULT nextval('__duban_schema__.users_id_seq'::regclass);


--
-- Data for Name: assignees; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.assignees VALUES (1, 1, 2, 'lead', 0, NULL);
INSERT INTO __duban_schema__.assignees VALUES (2, 1, 3, 'co', 1, NULL);
INSERT INTO __duban_schema__.assignees VALUES (3, 2, 3, 'lead', 0, NULL);
INSERT INTO __duban_schema__.assignees VALUES (4, 3, 2, 'lead', 0, NULL);
INSERT INTO __duban_schema__.assignees VALUES (5, 5, 5, 'lead', 0, NULL);
INSERT INTO __duban_schema__.assignees VALUES (6, 6, 3, 'lead', 0, NULL);
INSERT INTO __duban_schema__.assignees VALUES (7, 4, 2, 'lead', 0, '2026-11-23 02:00:00+00');


--
-- Data for Name: audit_events; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.audit_events VALUES (1, 2, NULL, 1, 'unit_added', '投资促进局', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (2, 2, NULL, 1, 'unit_added', '住建局', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (3, 2, NULL, 1, 'leader_added', '4', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (4, 2, NULL, 1, 'settings', 'map[daily_digest: escalate_after:2 flag_count:3 need_confirm:true publish:true quiet_end:480 quiet_start:1320 rank_extensions:true rank_late:4 rank_on_time:10 rank_overdue:5 rank_unit_only:false remind_before:1440,180 weekly_digest:0 9 * * 1 zone:Asia/Shanghai]', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (5, 2, 1, 1, 'assigned', '完成项目申报材料', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (6, 2, 2, 1, 'assigned', '报送道路硬化方案', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (7, 2, 3, 1, 'assigned', '对接华鑫科技落地事宜', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (8, 2, 4, 1, 'posted', '牵头招引一个亿元项目', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (9, 2, 5, 1, 'assigned', '整理企业诉求台账', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (10, 2, 6, 1, 'assigned', '起草调度会通知', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (11, 2, 1, 2, 'progress', '60% 已完成初稿', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (12, 2, 4, 2, 'claimed', '', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (13, 2, 1, 1, 'reminder_extra', '', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (14, 2, 2, 3, 'submitted', '方案已报送', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (15, 2, 2, 1, 'done', '', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (16, 2, 3, 2, 'extension_requested', '2026-12-02T10:00:00Z 等待企业董事会决议', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (17, 2, 3, 1, 'extension_approved', '2026-12-02T10:00:00Z', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (18, 2, 6, 1, 'cancelled', '会议改期', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.audit_events VALUES (19, 2, 1, 3, 'progress', '80% 已提交局长审核', '2026-11-26 02:00:00+00');


--
-- Data for Name: chats; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.chats VALUES (1, 102, 'private', '张伟', false, 'Asia/Shanghai', true, 0, '1440,120', 1320, 480, '0 9 * * 1', '', 2, 10, 4, 5, 3, true, false, true, NULL, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.chats VALUES (2, -1001234567890, 'supergroup', '营商环境工作群', false, 'Asia/Shanghai', true, 6, '1440,180', 1320, 480, '0 9 * * 1', '', 2, 10, 4, 5, 3, true, false, true, NULL, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');


--
-- Data for Name: extension_requests; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.extension_requests VALUES (1, 3, 2, '2026-11-25 10:00:00+00', '2026-12-02 10:00:00+00', '下周三前', '等待企业董事会决议', 'approved', 1, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');


--
-- Data for Name: memberships; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.memberships VALUES (2, 2, '投资促进局', false, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.memberships VALUES (2, 3, '住建局', false, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.memberships VALUES (2, 4, '', true, '2026-11-23 02:00:00+00');


--
-- Data for Name: processed_updates; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.processed_updates VALUES (7, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (8, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (9, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (10, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (11, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (12, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (13, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (14, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (15, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (16, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (17, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (18, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (19, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (20, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (21, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (22, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (23, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (24, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.processed_updates VALUES (25, '2026-11-26 02:00:00+00');


--
-- Data for Name: progress_reports; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.progress_reports VALUES (1, 1, 2, 60, '已完成初稿', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.progress_reports VALUES (2, 1, 3, 80, '已提交局长审核', '2026-11-26 02:00:00+00');


--
-- Data for Name: prompts; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--



--
-- Data for Name: reminders; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.reminders VALUES (6, 2, NULL, 'pub_month', '2026-12-01 01:00:00+00', '2026-12-01 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (7, 2, NULL, 'pub_quarter', '2027-01-01 01:00:00+00', '2027-01-01 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (8, 2, NULL, 'pub_half', '2027-01-01 01:00:00+00', '2027-01-01 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (9, 2, NULL, 'pub_year', '2027-01-01 01:00:00+00', '2027-01-01 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (10, 2, NULL, 'weekly', '2026-11-30 01:00:00+00', '2026-11-30 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (26, 2, 5, 'before', '2026-11-25 10:00:00+00', '2026-11-25 10:00:00+00', 86400, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (27, 2, 5, 'before', '2026-11-26 07:00:00+00', '2026-11-26 07:00:00+00', 10800, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (28, 2, 5, 'due', '2026-11-26 10:00:00+00', '2026-11-26 10:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (29, 2, 5, 'overdue', '2026-11-27 01:00:00+00', '2026-11-27 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (30, 2, 5, 'escalate', '2026-11-30 01:00:00+00', '2026-11-30 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (35, 2, 1, 'before', '2026-12-03 10:00:00+00', '2026-12-03 10:00:00+00', 86400, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (36, 2, 1, 'before', '2026-12-04 07:00:00+00', '2026-12-04 07:00:00+00', 10800, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (37, 2, 1, 'due', '2026-12-04 10:00:00+00', '2026-12-04 10:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (38, 2, 1, 'overdue', '2026-12-07 01:00:00+00', '2026-12-07 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (39, 2, 1, 'escalate', '2026-12-08 01:00:00+00', '2026-12-08 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (40, 2, 4, 'before', '2026-11-29 10:00:00+00', '2026-11-29 10:00:00+00', 86400, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (41, 2, 4, 'before', '2026-11-30 07:00:00+00', '2026-11-30 07:00:00+00', 10800, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (42, 2, 4, 'due', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (43, 2, 4, 'overdue', '2026-12-01 01:00:00+00', '2026-12-01 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (44, 2, 4, 'escalate', '2026-12-02 01:00:00+00', '2026-12-02 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (45, 2, 1, 'extra', '2026-11-24 01:00:00+00', '2026-11-24 01:00:00+00', 0, false, '', 1, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (46, 2, 3, 'before', '2026-12-01 10:00:00+00', '2026-12-01 10:00:00+00', 86400, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (47, 2, 3, 'before', '2026-12-02 07:00:00+00', '2026-12-02 07:00:00+00', 10800, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (48, 2, 3, 'due', '2026-12-02 10:00:00+00', '2026-12-02 10:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (49, 2, 3, 'overdue', '2026-12-03 01:00:00+00', '2026-12-03 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.reminders VALUES (50, 2, 3, 'escalate', '2026-12-04 01:00:00+00', '2026-12-04 01:00:00+00', 0, false, '', NULL, NULL, 0, 0, '', NULL, '2026-11-23 02:00:00+00');


--
-- Data for Name: tasks; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.tasks VALUES (5, 2, 5, '整理企业诉求台账', '', '', 1, 5, NULL, 'todo', '2026-11-26 10:00:00+00', '2026-11-26 10:00:00+00', '3个工作日内', 0, 0, NULL, NULL, NULL, '', 0, 23, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.tasks VALUES (4, 2, 4, '牵头招引一个亿元项目', '', '', 1, 2, NULL, 'todo', '2026-11-30 10:00:00+00', '2026-11-30 10:00:00+00', '月底前', 0, 0, NULL, NULL, NULL, '', 0, 21, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.tasks VALUES (2, 2, 2, '报送道路硬化方案', '', '住建局', 1, 3, NULL, 'done', '2026-11-24 07:00:00+00', '2026-11-24 07:00:00+00', '明天下午3点', 100, 0, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00', NULL, '', 0, 17, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.tasks VALUES (3, 2, 3, '对接华鑫科技落地事宜', '', '投资促进局', 1, 2, 4, 'todo', '2026-12-02 10:00:00+00', '2026-11-25 10:00:00+00', '下周三前', 0, 1, NULL, NULL, NULL, '', 0, 19, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.tasks VALUES (6, 2, 6, '起草调度会通知', '', '住建局', 1, 3, NULL, 'cancelled', '2026-11-23 10:00:00+00', '2026-11-23 10:00:00+00', '今天下班前', 0, 0, NULL, NULL, '2026-11-23 02:00:00+00', '会议改期', 0, 25, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.tasks VALUES (1, 2, 1, '完成项目申报材料', '', '投资促进局', 1, 2, NULL, 'doing', '2026-12-04 10:00:00+00', '2026-12-04 10:00:00+00', '下周五前', 80, 0, NULL, NULL, NULL, '', 0, 15, '2026-11-23 02:00:00+00', '2026-11-26 02:00:00+00');


--
-- Data for Name: units; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.units VALUES (1, 2, '投资促进局', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.units VALUES (2, 2, '住建局', '2026-11-23 02:00:00+00');


--
-- Data for Name: users; Type: TABLE DATA; Schema: __duban_schema__; Owner: -
--

INSERT INTO __duban_schema__.users VALUES (1, 101, 'liushuji', '刘书记', '', 'zh-hans', false, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.users VALUES (3, 103, 'wangfang', '王芳', '', 'zh-hans', false, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.users VALUES (4, 104, 'lijv', '李局', '', 'zh-hans', false, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.users VALUES (2, 102, 'zhangwei', '张伟', '', 'zh-hans', true, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');
INSERT INTO __duban_schema__.users VALUES (5, NULL, 'zhao', '', '', '', false, '2026-11-23 02:00:00+00', '2026-11-23 02:00:00+00');


--
-- Name: assignees_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.assignees_id_seq', 7, true);


--
-- Name: audit_events_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.audit_events_id_seq', 19, true);


--
-- Name: chats_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.chats_id_seq', 2, true);


--
-- Name: extension_requests_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.extension_requests_id_seq', 1, true);


--
-- Name: progress_reports_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.progress_reports_id_seq', 2, true);


--
-- Name: prompts_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.prompts_id_seq', 1, false);


--
-- Name: reminders_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.reminders_id_seq', 50, true);


--
-- Name: tasks_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.tasks_id_seq', 6, true);


--
-- Name: units_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.units_id_seq', 6, true);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: __duban_schema__; Owner: -
--

SELECT pg_catalog.setval('__duban_schema__.users_id_seq', 5, true);


--
-- Name: assignees assignees_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.assignees
    ADD CONSTRAINT assignees_pkey PRIMARY KEY (id);


--
-- Name: audit_events audit_events_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.audit_events
    ADD CONSTRAINT audit_events_pkey PRIMARY KEY (id);


--
-- Name: chats chats_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.chats
    ADD CONSTRAINT chats_pkey PRIMARY KEY (id);


--
-- Name: extension_requests extension_requests_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.extension_requests
    ADD CONSTRAINT extension_requests_pkey PRIMARY KEY (id);


--
-- Name: memberships memberships_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.memberships
    ADD CONSTRAINT memberships_pkey PRIMARY KEY (chat_id, user_id);


--
-- Name: processed_updates processed_updates_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.processed_updates
    ADD CONSTRAINT processed_updates_pkey PRIMARY KEY (update_id);


--
-- Name: progress_reports progress_reports_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.progress_reports
    ADD CONSTRAINT progress_reports_pkey PRIMARY KEY (id);


--
-- Name: prompts prompts_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.prompts
    ADD CONSTRAINT prompts_pkey PRIMARY KEY (id);


--
-- Name: reminders reminders_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.reminders
    ADD CONSTRAINT reminders_pkey PRIMARY KEY (id);


--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);


--
-- Name: units units_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.units
    ADD CONSTRAINT units_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: idx_assignee_task_user; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_assignee_task_user ON __duban_schema__.assignees USING btree (task_id, user_id);


--
-- Name: idx_assignees_user_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_assignees_user_id ON __duban_schema__.assignees USING btree (user_id);


--
-- Name: idx_audit_events_chat_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_audit_events_chat_id ON __duban_schema__.audit_events USING btree (chat_id);


--
-- Name: idx_audit_events_task_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_audit_events_task_id ON __duban_schema__.audit_events USING btree (task_id);


--
-- Name: idx_chats_telegram_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_chats_telegram_id ON __duban_schema__.chats USING btree (telegram_id);


--
-- Name: idx_extension_requests_task_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_extension_requests_task_id ON __duban_schema__.extension_requests USING btree (task_id);


--
-- Name: idx_progress_reports_task_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_progress_reports_task_id ON __duban_schema__.progress_reports USING btree (task_id);


--
-- Name: idx_prompt_chat_message; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_prompt_chat_message ON __duban_schema__.prompts USING btree (chat_id, message_id);


--
-- Name: idx_reminders_chat_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_reminders_chat_id ON __duban_schema__.reminders USING btree (chat_id);


--
-- Name: idx_reminders_pending; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_reminders_pending ON __duban_schema__.reminders USING btree (due_at) WHERE ((sent_at IS NULL) AND (failed_at IS NULL));


--
-- Name: idx_reminders_task_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_reminders_task_id ON __duban_schema__.reminders USING btree (task_id);


--
-- Name: idx_task_chat_deadline; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_task_chat_deadline ON __duban_schema__.tasks USING btree (chat_id, deadline);


--
-- Name: idx_task_chat_number; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_task_chat_number ON __duban_schema__.tasks USING btree (chat_id, number);


--
-- Name: idx_task_rank; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_task_rank ON __duban_schema__.tasks USING btree (chat_id, lead_id, deadline, status, submitted_at, original_deadline, unit_name);


--
-- Name: idx_task_unit_rank; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_task_unit_rank ON __duban_schema__.tasks USING btree (chat_id, unit_name, deadline, status, submitted_at, original_deadline, lead_id);


--
-- Name: idx_unit_chat_name; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_unit_chat_name ON __duban_schema__.units USING btree (chat_id, name);


--
-- Name: idx_users_telegram_id; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE UNIQUE INDEX idx_users_telegram_id ON __duban_schema__.users USING btree (telegram_id);


--
-- Name: idx_users_username; Type: INDEX; Schema: __duban_schema__; Owner: -
--

CREATE INDEX idx_users_username ON __duban_schema__.users USING btree (username);


--
-- Name: assignees fk_assignees_user; Type: FK CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.assignees
    ADD CONSTRAINT fk_assignees_user FOREIGN KEY (user_id) REFERENCES __duban_schema__.users(id) ON DELETE CASCADE;


--
-- Name: audit_events fk_audit_events_actor; Type: FK CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.audit_events
    ADD CONSTRAINT fk_audit_events_actor FOREIGN KEY (actor_id) REFERENCES __duban_schema__.users(id);


--
-- Name: extension_requests fk_extension_requests_requester; Type: FK CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.extension_requests
    ADD CONSTRAINT fk_extension_requests_requester FOREIGN KEY (requester_id) REFERENCES __duban_schema__.users(id);


--
-- Name: progress_reports fk_progress_reports_user; Type: FK CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.progress_reports
    ADD CONSTRAINT fk_progress_reports_user FOREIGN KEY (user_id) REFERENCES __duban_schema__.users(id);


--
-- Name: assignees fk_tasks_assignees; Type: FK CONSTRAINT; Schema: __duban_schema__; Owner: -
--

ALTER TABLE ONLY __duban_schema__.assignees
    ADD CONSTRAINT fk_tasks_assignees FOREIGN KEY (task_id) REFERENCES __duban_schema__.tasks(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


