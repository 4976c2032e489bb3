package miniapp

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The reasons init data is refused. Each becomes a 401 with a message that
// says why; none of them lets any data through.
var (
	ErrNoInitData   = errors.New("no init data")
	ErrMalformed    = errors.New("malformed init data")
	ErrBadSignature = errors.New("init data signature does not match")
	ErrExpired      = errors.New("init data expired")
)

// maxInitData bounds what is parsed: Telegram's init data is a few hundred
// bytes; anything much longer is not from Telegram.
const maxInitData = 8 << 10

// InitData is what Telegram signed when it opened the Mini App: who the user
// is, when, and the start parameter of the link (the group's token).
type InitData struct {
	User       WebAppUser
	AuthDate   time.Time
	StartParam string // startapp of the link; "" when opened from the menu button
	ChatType   string
}

// WebAppUser is the user of the init data.
type WebAppUser struct {
	ID           int64  `json:"id"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	Username     string `json:"username"`
	LanguageCode string `json:"language_code"`
}

// ParseInitData checks init data the way Telegram documents it for Mini
// Apps ("Validating data received via the Mini App") and decodes it:
//
//   - every field but hash, URL-decoded, as key=value lines sorted by key,
//     is the data-check-string;
//   - the secret key is HMAC-SHA256 of the bot token with the key
//     "WebAppData";
//   - hash must be the hex HMAC-SHA256 of the data-check-string with the
//     secret key, compared in constant time.
//
// Data older than maxAge at now (auth_date) is refused, as is a field given
// twice, or data without a user.
func ParseInitData(raw, botToken string, now time.Time, maxAge time.Duration) (*InitData, error) {
	if raw == "" {
		return nil, ErrNoInitData
	}
	if len(raw) > maxInitData {
		return nil, ErrMalformed
	}
	fields := map[string]string{}
	for _, pair := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(pair, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || key == "" {
			return nil, ErrMalformed
		}
		if _, dup := fields[key]; dup {
			return nil, ErrMalformed
		}
		fields[key] = value
	}
	got, err := hex.DecodeString(fields["hash"])
	if err != nil || len(got) != sha256.Size {
		return nil, ErrMalformed
	}
	delete(fields, "hash")
	if !hmac.Equal(got, signature(fields, botToken)) {
		return nil, ErrBadSignature
	}
	// Signed by Telegram from here on; still check what is used.
	secs, err := strconv.ParseInt(fields["auth_date"], 10, 64)
	if err != nil {
		return nil, ErrMalformed
	}
	d := &InitData{AuthDate: time.Unix(secs, 0), StartParam: fields["start_param"], ChatType: fields["chat_type"]}
	if now.Sub(d.AuthDate) > maxAge {
		return nil, ErrExpired
	}
	if err := json.Unmarshal([]byte(fields["user"]), &d.User); err != nil || d.User.ID == 0 {
		return nil, ErrMalformed
	}
	return d, nil
}

// signature is the HMAC-SHA256 of the fields' data-check-string.
func signature(fields map[string]string, botToken string) []byte {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var check strings.Builder
	for i, k := range keys {
		if i > 0 {
			check.WriteByte('\n')
		}
		check.WriteString(k + "=" + fields[k])
	}
	secret := hmac.New(sha256.New, []byte("WebAppData"))
	secret.Write([]byte(botToken))
	mac := hmac.New(sha256.New, secret.Sum(nil))
	mac.Write([]byte(check.String()))
	return mac.Sum(nil)
}

// SignInitData makes init data as Telegram would for the bot token: the
// fields URL-encoded, with their hash. Tests and local trials use it to open
// the dashboard without Telegram; user is marshalled to JSON.
func SignInitData(user WebAppUser, authDate time.Time, startParam, botToken string) string {
	u, _ := json.Marshal(user) // plain struct: cannot fail
	fields := map[string]string{
		"user":          string(u),
		"auth_date":     strconv.FormatInt(authDate.Unix(), 10),
		"query_id":      "AAH" + strconv.FormatInt(user.ID, 36),
		"chat_type":     "sender",
		"chat_instance": "-" + strconv.FormatInt(authDate.Unix()%1000003, 10),
	}
	if startParam != "" {
		fields["start_param"] = startParam
	}
	v := url.Values{}
	for k, val := range fields {
		v.Set(k, val)
	}
	v.Set("hash", hex.EncodeToString(signature(fields, botToken)))
	return v.Encode()
}
