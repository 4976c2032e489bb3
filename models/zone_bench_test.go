package models

import "testing"

func BenchmarkChatLocation(b *testing.B) {
	c := Chat{Zone: "Asia/Shanghai"}
	for b.Loop() {
		c.Location()
	}
}
