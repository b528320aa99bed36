"""The workspace keeps no rows of its own: who works where is access.models.Membership (a person, an office, a
role, and the agency of department staff)."""
