// Package config reads duban's settings from flags and environment variables.
// A flag wins over its environment variable; the environment wins over the
// default. The bot token is a secret: [Config.String] and every error here
// leave it out.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// DefaultAPIURL is the official Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config is everything the bot needs to start.
type Config struct {
	Token    string         // TELEGRAM_BOT_TOKEN; secret
	APIURL   string         // TELEGRAM_API_URL
	DB       string         // DUBAN_DB: a SQLite file path or a postgres:// DSN
	Zone     *time.Location // DUBAN_TZ: default zone of new groups
	Holidays string         // DUBAN_HOLIDAYS: directory of newer holiday files
	LogLevel string         // DUBAN_LOG: debug, info, warn, error
	// HTTP is the address of duban's HTTP server (DUBAN_HTTP, e.g. ":8080";
	// off when empty); the Mini App dashboard is served there under /app/.
	HTTP string
	// PublicURL is the base URL at which people (and Telegram) reach that
	// server through the operator's TLS proxy (DUBAN_PUBLIC_URL), without a
	// trailing slash.
	PublicURL string
	// MiniAppName is the short name of the Mini App registered with
	// @BotFather /newapp (DUBAN_MINIAPP_NAME); empty: the bot's main Mini App.
	MiniAppName string
	// WebhookSecret is the secret Telegram sends with each webhook delivery
	// (DUBAN_WEBHOOK_SECRET; empty: derived from the token); secret.
	WebhookSecret string
	// Instance names this process among several (DUBAN_INSTANCE; empty:
	// host-pid).
	Instance string
	// LogFormat is text or json (DUBAN_LOG_FORMAT).
	LogFormat string
	// Unpaced lifts the sending limits (DUBAN_PACING=off): for tests.
	Unpaced bool
}

// Var describes one setting, for the help text and the README's table.
type Var struct {
	Env, Flag, Default, Usage string
}

// Vars lists the settings in the order help shows them.
var Vars = []Var{
	{"TELEGRAM_BOT_TOKEN", "token", "", "bot token from @BotFather (required to run the bot; never logged)"},
	{"TELEGRAM_API_URL", "api-url", DefaultAPIURL, "Bot API server (a local Bot API server or a test fake)"},
	{"DUBAN_DB", "db", "duban.db", "SQLite file path, or a postgres:// DSN for PostgreSQL"},
	{"DUBAN_TZ", "tz", "Asia/Shanghai", "IANA time zone of new groups (e.g. Etc/GMT-8)"},
	{"DUBAN_HOLIDAYS", "holidays", "", "directory of newer holiday files; one replaces the built-in file of its year"},
	{"DUBAN_LOG", "log", "info", "log level: debug, info, warn, error"},
	{"DUBAN_HTTP", "http", "", "address of duban's HTTP server, e.g. :8080 (the dashboard); off when empty"},
	{"DUBAN_PUBLIC_URL", "public-url", "", "base URL of that server as people reach it through your TLS proxy, e.g. https://duban.example.gov.cn"},
	{"DUBAN_MINIAPP_NAME", "miniapp-name", "", "short name of the Mini App made with @BotFather /newapp (empty: the bot's main Mini App)"},
	{"DUBAN_WEBHOOK_SECRET", "webhook-secret", "", "secret Telegram sends with each webhook delivery, A-Z a-z 0-9 _ - (empty: derived from the token; never logged)"},
	{"DUBAN_INSTANCE", "instance", "", "name of this process among several on one PostgreSQL database (empty: host-pid)"},
	{"DUBAN_LOG_FORMAT", "log-format", "text", "log format: text or json"},
	{"DUBAN_PACING", "pacing", "telegram", "telegram: send within Telegram's flood limits; off: unpaced, only for tests against a fake Bot API"},
}

// ErrNoToken is returned by [Load] when no bot token is set.
var ErrNoToken = errors.New("TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token, " +
	"or try `duban console` to run without one")

// Load parses args (without the program name) over the environment read with
// getenv. Output of -h goes to out. requireToken is false for subcommands that
// run without Telegram (console).
func Load(args []string, getenv func(string) string, out io.Writer, requireToken bool) (*Config, error) {
	fs := flag.NewFlagSet("duban", flag.ContinueOnError)
	fs.SetOutput(out)
	return LoadFlags(fs, args, getenv, requireToken)
}

// LoadFlags is [Load] on a flag set that may already hold flags of its own
// (a subcommand's); they are parsed together with the settings.
func LoadFlags(fs *flag.FlagSet, args []string, getenv func(string) string, requireToken bool) (*Config, error) {
	vals := make(map[string]*string, len(Vars))
	for _, v := range Vars {
		def := getenv(v.Env)
		if def == "" {
			def = v.Default
		}
		usage := fmt.Sprintf("%s (env %s)", v.Usage, v.Env)
		if v.Env == "TELEGRAM_BOT_TOKEN" || v.Env == "DUBAN_WEBHOOK_SECRET" {
			// Never print the token as a flag default in -h output.
			vals[v.Flag] = fs.String(v.Flag, "", usage)
			if *vals[v.Flag] == "" {
				*vals[v.Flag] = def
			}
			continue
		}
		vals[v.Flag] = fs.String(v.Flag, def, usage)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (see duban help)", fs.Arg(0))
	}
	c := &Config{
		Token:    strings.TrimSpace(*vals["token"]),
		APIURL:   strings.TrimRight(strings.TrimSpace(*vals["api-url"]), "/"),
		DB:       strings.TrimSpace(*vals["db"]),
		Holidays: strings.TrimSpace(*vals["holidays"]),
		LogLevel: strings.ToLower(strings.TrimSpace(*vals["log"])),

		HTTP:        strings.TrimSpace(*vals["http"]),
		PublicURL:   strings.TrimRight(strings.TrimSpace(*vals["public-url"]), "/"),
		MiniAppName: strings.TrimSpace(*vals["miniapp-name"]),

		WebhookSecret: strings.TrimSpace(*vals["webhook-secret"]),
		Instance:      strings.TrimSpace(*vals["instance"]),
		LogFormat:     strings.ToLower(strings.TrimSpace(*vals["log-format"])),
		Unpaced:       strings.EqualFold(strings.TrimSpace(*vals["pacing"]), "off"),
	}
	if p := strings.ToLower(strings.TrimSpace(*vals["pacing"])); p != "telegram" && p != "off" {
		return nil, fmt.Errorf("DUBAN_PACING %q: use telegram or off", p)
	}
	zone, err := time.LoadLocation(strings.TrimSpace(*vals["tz"]))
	if err != nil {
		return nil, fmt.Errorf("DUBAN_TZ %q is not an IANA time zone name (e.g. Asia/Shanghai, Etc/GMT-8)", *vals["tz"])
	}
	c.Zone = zone
	if err := c.validate(requireToken); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Config) validate(requireToken bool) error {
	if requireToken && c.Token == "" {
		return ErrNoToken
	}
	if c.Token != "" && !strings.Contains(c.Token, ":") {
		return errors.New("TELEGRAM_BOT_TOKEN does not look like a bot token (expected 123456:ABC…)")
	}
	u, err := url.Parse(c.APIURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("TELEGRAM_API_URL %q is not an http(s) URL", c.APIURL)
	}
	if c.DB == "" {
		return errors.New("DUBAN_DB is empty: give a SQLite file path or a postgres:// DSN")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("DUBAN_LOG %q is not one of debug, info, warn, error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("DUBAN_LOG_FORMAT %q: use text or json", c.LogFormat)
	}
	if c.WebhookSecret != "" && !webhookSecretPattern.MatchString(c.WebhookSecret) {
		return errors.New("DUBAN_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1 to 256 of them)")
	}
	return c.validateHTTP()
}

// webhookSecretPattern is what Telegram allows in a webhook's secret.
var webhookSecretPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// validateHTTP checks the HTTP server's settings.
func (c *Config) validateHTTP() error {
	if c.HTTP != "" {
		if _, _, err := net.SplitHostPort(c.HTTP); err != nil {
			return fmt.Errorf("DUBAN_HTTP %q is not an address to listen on (e.g. :8080 or 127.0.0.1:8080)", c.HTTP)
		}
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("DUBAN_PUBLIC_URL %q is not an http(s) base URL (e.g. https://duban.example.gov.cn)", c.PublicURL)
		}
		if c.HTTP == "" {
			return errors.New("DUBAN_PUBLIC_URL is set but DUBAN_HTTP is not: set the address duban's HTTP server listens on " +
				"(e.g. DUBAN_HTTP=127.0.0.1:8080) and point your TLS proxy at it")
		}
	}
	for _, r := range c.MiniAppName {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return fmt.Errorf("DUBAN_MINIAPP_NAME %q is not a Mini App short name (letters, digits and _)", c.MiniAppName)
		}
	}
	return nil
}

// String describes the configuration for logs, with the token and any
// database password redacted.
func (c *Config) String() string {
	token := "(none)"
	if c.Token != "" {
		token = "(set)"
	}
	return fmt.Sprintf("token=%s api=%s db=%s tz=%s holidays=%q log=%s http=%q public=%q miniapp=%q",
		token, c.APIURL, RedactDSN(c.DB), c.Zone, c.Holidays, c.LogLevel, c.HTTP, c.PublicURL, c.MiniAppName)
}

// RedactDSN hides the password in a postgres:// DSN; file paths pass through.
func RedactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}
