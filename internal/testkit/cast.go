package testkit

import (
	"slices"
	"strconv"

	"github.com/duban-bot/duban/internal/tgfake"
)

// The cast: the people of a county's 招商引资 work group, the same people
// (and Telegram ids) in every package's tests.
const (
	Boss  int64 = 101 // 刘书记 @liushuji, the groups' creator: a leader
	Zhang int64 = 102 // 张伟 @zhangwei
	Wang  int64 = 103 // 王芳 @wangfang
	Li    int64 = 104 // 李局 @lijv, a member a leader may name leader or 包保
	Zhao  int64 = 105 // 赵敏, no username
	Tom   int64 = 106 // Tom @tom, whose Telegram speaks English
	Chen  int64 = 107 // 陈静, no username; in no group unless a test adds her
)

// Person is one of the cast.
type Person struct {
	ID       int64 // Telegram user id
	Name     string
	Username string // without @; "" for none
	Lang     string // the Telegram client's language
}

var cast = []Person{
	{Boss, "刘书记", "liushuji", "zh-hans"},
	{Zhang, "张伟", "zhangwei", "zh-hans"},
	{Wang, "王芳", "wangfang", "zh-hans"},
	{Li, "李局", "lijv", "zh-hans"},
	{Zhao, "赵敏", "", "zh-hans"},
	{Tom, "Tom", "tom", "en"},
	{Chen, "陈静", "", "zh-hans"},
}

// People returns the whole cast, in the order of their ids.
func People() []Person { return append([]Person(nil), cast...) }

// Who returns the person with a Telegram id of the cast; it panics for any
// other id, which is a mistake in a test.
func Who(id int64) Person {
	for _, p := range cast {
		if p.ID == id {
			return p
		}
	}
	panic("testkit: no one in the cast has id " + strconv.FormatInt(id, 10))
}

// User is the person as the fake Bot API knows them.
func (p Person) User() tgfake.User {
	return tgfake.User{ID: p.ID, FirstName: p.Name, Username: p.Username, LanguageCode: p.Lang}
}

// Telegram ids of the cast's groups.
const (
	WorkGroup  int64 = -1001234567890 // 招商引资工作群, a supergroup
	OtherGroup int64 = -1009876543210 // 另一个群, a supergroup
	OldGroup   int64 = -4001          // 老群, a basic group (it can migrate)
)

// Group is a Telegram group of the cast. Its creator is its only
// administrator unless Admins says otherwise.
type Group struct {
	ID      int64
	Title   string
	Type    string // "supergroup" or "group"
	Creator int64
	Admins  []int64
	Members []int64 // the creator among them
}

// Work is 招商引资工作群: 刘书记 (creator), 张伟, 王芳, 李局, 赵敏 and Tom.
func Work() Group {
	return Group{ID: WorkGroup, Title: "招商引资工作群", Type: "supergroup", Creator: Boss, Admins: []int64{Boss},
		Members: []int64{Boss, Zhang, Wang, Li, Zhao, Tom}}
}

// Other is 另一个群, a second group of 刘书记's: 张伟 and 王芳.
func Other() Group {
	return Group{ID: OtherGroup, Title: "另一个群", Type: "supergroup", Creator: Boss, Admins: []int64{Boss},
		Members: []int64{Boss, Zhang, Wang}}
}

// Old is 老群, a basic group (not yet a supergroup) of 刘书记's: 张伟 and
// 王芳.
func Old() Group {
	return Group{ID: OldGroup, Title: "老群", Type: "group", Creator: Boss, Admins: []int64{Boss},
		Members: []int64{Boss, Zhang, Wang}}
}

// Without returns the group without some of its members.
func (g Group) Without(ids ...int64) Group {
	var members []int64
	for _, m := range g.Members {
		if !slices.Contains(ids, m) {
			members = append(members, m)
		}
	}
	g.Members = members
	return g
}

// With returns the group with more members.
func (g Group) With(ids ...int64) Group {
	g.Members = append(append([]int64(nil), g.Members...), ids...)
	return g
}

// Titled returns the group under another title.
func (g Group) Titled(title string) Group {
	g.Title = title
	return g
}

// Fake is the group as the fake Bot API knows it.
func (g Group) Fake() tgfake.Group {
	return tgfake.Group{ID: g.ID, Title: g.Title, Type: g.Type, Creator: g.Creator,
		Admins: append([]int64(nil), g.Admins...), Members: append([]int64(nil), g.Members...)}
}
