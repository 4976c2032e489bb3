package models

import (
	"errors"
	"fmt"
	"testing"
)

func TestNodesAtAssignment(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		deadline := sh(6, 30, 18, 0)
		cases := []struct {
			name  string
			nodes []NewNode
			want  error
		}{
			{"a node after the task's deadline", []NewNode{{Name: "立项", Deadline: sh(3, 15, 18, 0)},
				{Name: "开工", Deadline: sh(7, 1, 18, 0)}}, ErrNodeAfterDeadline},
			{"a node without a name", []NewNode{{Name: " ", Deadline: sh(3, 15, 18, 0)}}, ErrInvalid},
			{"21 nodes", twentyOne(), ErrTooManyNodes},
		}
		for _, c := range cases {
			_, err := e.s.CreateTask(e.ctx, by(e.boss), NewTask{ChatID: e.chat.ID, Title: "重点项目", AssignerID: e.boss.ID,
				LeadID: e.zhang.ID, Deadline: deadline, Nodes: c.nodes})
			wantErr(t, c.name, err, c.want)
			var ne *NodeError
			if c.want == ErrNodeAfterDeadline && (!errors.As(err, &ne) || ne.Index != 2 || ne.Name != "开工") {
				t.Errorf("%s: %v does not name node 2 开工", c.name, err)
			}
		}
		page, err := e.s.FindTasks(e.ctx, e.chat.ID, TaskFilter{})
		e.must(err)
		if page.Total != 0 {
			t.Fatalf("refused assignments stored %d tasks", page.Total)
		}

		task := e.assign("重点项目", e.zhang, deadline, func(n *NewTask) {
			n.Nodes = []NewNode{{Name: "立项", Deadline: sh(3, 15, 18, 0), Phrase: "3月15日"},
				{Name: "用地预审", Deadline: sh(3, 31, 18, 0)}, {Name: "开工", Deadline: deadline}}
		})
		if names := nodeNames(task.Nodes); names != "立项,用地预审,开工" {
			t.Fatalf("nodes %s", names)
		}
		got := e.reload(task)
		if names := nodeNames(got.Nodes); names != "立项,用地预审,开工" || got.Nodes[0].Phrase != "3月15日" {
			t.Fatalf("stored nodes %s", names)
		}
	})
}

func twentyOne() []NewNode {
	out := make([]NewNode, MaxNodes+1)
	for i := range out {
		out[i] = NewNode{Name: fmt.Sprintf("节点%d", i+1), Deadline: sh(4, 1, 18, 0)}
	}
	return out
}

func nodeNames(ns []Node) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ","
		}
		s += n.Name
		if n.Done() {
			s += "✓"
		}
	}
	return s
}

func TestNodeChanges(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		clk := e.clk
		task := e.assign("重点项目", e.zhang, sh(6, 30, 18, 0))
		_, err := e.s.AddNode(e.ctx, by(e.boss), task.ID, NewNode{Name: "开工", Deadline: sh(7, 5, 18, 0)})
		wantErr(t, "a node after the deadline (倒排工期)", err, ErrNodeAfterDeadline)
		for _, n := range []NewNode{{Name: "立项", Deadline: sh(3, 15, 18, 0)}, {Name: "用地预审", Deadline: sh(3, 31, 18, 0)}, {Name: "开工", Deadline: sh(5, 31, 18, 0)}} {
			_, err := e.s.AddNode(e.ctx, by(e.boss), task.ID, n)
			e.must(err)
		}
		_, err = e.s.CompleteNode(e.ctx, by(e.wang), task.ID, e.wang.ID, 1, "")
		wantErr(t, "a node done by someone else", err, ErrNotAssignee)
		_, err = e.s.CompleteNode(e.ctx, by(e.zhang), task.ID, e.zhang.ID, 4, "")
		wantErr(t, "node 4 of 3", err, ErrNoNode)
		clk.Set(sh(3, 10, 11, 0))
		got, err := e.s.CompleteNode(e.ctx, by(e.zhang), task.ID, e.zhang.ID, 1, "已批复")
		e.must(err)
		if n := got.Nodes[0]; !n.Done() || !n.DoneAt.Equal(sh(3, 10, 11, 0)) || n.DoneBy == nil || n.DoneBy.ID != e.zhang.ID || n.Note != "已批复" {
			t.Errorf("node 1 after done: %+v", n)
		}
		_, err = e.s.CompleteNode(e.ctx, by(e.zhang), task.ID, e.zhang.ID, 1, "")
		wantErr(t, "a node done twice", err, ErrNodeDone)
		got, removed, err := e.s.RemoveNode(e.ctx, by(e.boss), task.ID, 2)
		e.must(err)
		if removed.Name != "用地预审" || nodeNames(got.Nodes) != "立项✓,开工" {
			t.Errorf("removed %q, left %s", removed.Name, nodeNames(got.Nodes))
		}
		if done, total := NodeCount(got.Nodes); done != 1 || total != 2 {
			t.Errorf("节点 %d/%d, want 1/2", done, total)
		}
		h, err := e.s.TaskHistory(e.ctx, task.ID)
		e.must(err)
		kinds := map[string]int{}
		for _, ev := range h.Events {
			kinds[ev.Kind]++
		}
		if kinds[EventNodeAdded] != 3 || kinds[EventNodeDone] != 1 || kinds[EventNodeRemoved] != 1 {
			t.Errorf("trail %v", kinds)
		}
	})
}
