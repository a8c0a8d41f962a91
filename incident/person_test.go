package incident_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/incidentkit/incidentkit/incident"
)

func TestParsePerson(t *testing.T) {
	tests := []struct {
		in      string
		want    incident.Person
		wantErr bool
	}{
		{in: "Ada Lovelace <ada@example.com>", want: incident.Person{Name: "Ada Lovelace", Email: "ada@example.com"}},
		{in: "  Ada   <ada@example.com>  ", want: incident.Person{Name: "Ada", Email: "ada@example.com"}},
		{in: "Ada< ada@example.com >", want: incident.Person{Name: "Ada", Email: "ada@example.com"}},
		{in: "Bob", want: incident.Person{Name: "Bob"}},
		{in: "Bob <>", want: incident.Person{Name: "Bob"}},
		{in: "Zoë Ünal <zoe@example.com>", want: incident.Person{Name: "Zoë Ünal", Email: "zoe@example.com"}},
		{in: "", wantErr: true},
		{in: "   ", wantErr: true},
		{in: "<ada@example.com>", wantErr: true},
		{in: "Ada <ada@example.com", wantErr: true},
		{in: "Ada <ada@example.com> x", wantErr: true},
		{in: "Ada <a<b@example.com>", wantErr: true},
		{in: "Ada <ada>@example.com>", wantErr: true},
		{in: "Ada>", wantErr: true},
		{in: "Ada\nEvil <a@b>", wantErr: true},
		{in: "Ada <a@b\x00>", wantErr: true},
		{in: "Ada\x7f", wantErr: true},
		{in: "Ada\t<a@b>", want: incident.Person{Name: "Ada", Email: "a@b"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := incident.ParsePerson(tt.in)
			if tt.wantErr {
				assert.ErrorIs(t, err, incident.ErrInvalid, "ParsePerson(%q)", tt.in)
				assert.True(t, got.IsZero())
				return
			}
			if assert.NoError(t, err, "ParsePerson(%q)", tt.in) {
				assert.Equal(t, tt.want, got, "ParsePerson(%q)", tt.in)
				// String and ParsePerson round-trip.
				again, err := incident.ParsePerson(got.String())
				assert.NoError(t, err)
				assert.Equal(t, got, again)
			}
		})
	}
}

func TestPersonString(t *testing.T) {
	assert.Equal(t, "Ada Lovelace <ada@example.com>", fxAda.String())
	assert.Equal(t, "Bob", fxBob.String())
	assert.True(t, incident.Person{}.IsZero())
	assert.False(t, fxBob.IsZero())
}

func TestPersonValidate(t *testing.T) {
	for _, p := range []incident.Person{
		{}, {Email: "a@b"}, {Name: " Ada"}, {Name: "Ada "}, {Name: "Ada", Email: " a@b"},
		{Name: "A<da"}, {Name: "Ada", Email: "a>b"}, {Name: "Ada\r"}, {Name: "Ada", Email: "a\x1bb"},
	} {
		assert.ErrorIs(t, p.Validate(), incident.ErrInvalid, "%+v.Validate()", p)
	}
	assert.NoError(t, fxAda.Validate())
	assert.NoError(t, incident.Person{Name: "Ada", Email: "not-an-email"}.Validate(), "email syntax is not checked")
}
