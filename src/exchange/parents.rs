//! Parents named in several rows (siblings) become one account: the same full name and the
//! same phone or the same e-mail make the same person. A name alone does not: two mothers may
//! share one, and a row without contacts gives nothing to tell them apart.

use std::collections::HashMap;

use super::values::{name_key, phone_key};

/// What identifies a parent, reduced for comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Contact {
    /// [`name_key`] of the full name.
    pub name: String,
    /// [`phone_key`] of the phone.
    pub phone: String,
    /// The e-mail in lower case.
    pub email: String,
}

impl Contact {
    pub fn new(surname: &str, first: &str, patronymic: &str, phone: &str, email: &str) -> Contact {
        Contact {
            name: name_key(surname, first, patronymic),
            phone: phone_key(phone),
            email: email.trim().to_lowercase(),
        }
    }

    /// The same name and a shared phone or e-mail.
    pub fn same_person(&self, other: &Contact) -> bool {
        self.name == other.name
            && ((!self.phone.is_empty() && self.phone == other.phone)
                || (!self.email.is_empty() && self.email == other.email))
    }

    /// Both have a phone (or both an e-mail) and they differ.
    fn contradicts(&self, other: &Contact) -> bool {
        let differ = |a: &str, b: &str| !a.is_empty() && !b.is_empty() && a != b;
        differ(&self.phone, &other.phone) || differ(&self.email, &other.email)
    }

    fn has_contacts(&self) -> bool {
        !self.phone.is_empty() || !self.email.is_empty()
    }
}

/// Where a mention of a parent went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Joined {
    /// A person not seen before in the file: group `0`.
    New(usize),
    /// The person of group `index`; `conflict` when this mention gives another phone or
    /// e-mail than the group has.
    Same { index: usize, conflict: bool },
}

impl Joined {
    pub fn index(self) -> usize {
        match self {
            Joined::New(i) | Joined::Same { index: i, .. } => i,
        }
    }
}

/// The distinct parents of a file, in order of first mention.
#[derive(Debug, Default)]
pub struct Groups {
    people: Vec<Contact>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Groups {
    /// Adds a mention: joins the group of the same person, or starts one. A joined group
    /// takes the contacts it lacked from the mention.
    pub fn join(&mut self, c: Contact) -> Joined {
        let found = self
            .by_name
            .get(&c.name)
            .and_then(|ids| ids.iter().copied().find(|&i| self.people[i].same_person(&c)));
        match found {
            Some(index) => {
                let group = &mut self.people[index];
                let conflict = group.contradicts(&c);
                if group.phone.is_empty() {
                    group.phone = c.phone;
                }
                if group.email.is_empty() {
                    group.email = c.email;
                }
                Joined::Same { index, conflict }
            }
            None => {
                let index = self.people.len();
                self.by_name.entry(c.name.clone()).or_default().push(index);
                self.people.push(c);
                Joined::New(index)
            }
        }
    }

    pub fn len(&self) -> usize {
        self.people.len()
    }

    pub fn is_empty(&self) -> bool {
        self.people.is_empty()
    }
}

/// People already in the school, by name, to match a file's parents against.
#[derive(Debug)]
pub struct Known<T> {
    by_name: HashMap<String, Vec<(Contact, T)>>,
}

impl<T> Default for Known<T> {
    fn default() -> Self {
        Known { by_name: HashMap::new() }
    }
}

impl<T: Clone> Known<T> {
    pub fn add(&mut self, c: Contact, value: T) {
        if c.has_contacts() {
            self.by_name.entry(c.name.clone()).or_default().push((c, value));
        }
    }

    /// The first known person who is the same as `c`.
    pub fn find(&self, c: &Contact) -> Option<T> {
        self.by_name.get(&c.name)?.iter().find(|(k, _)| k.same_person(c)).map(|(_, v)| v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_share_one_parent() {
        let mut g = Groups::default();
        let mother = |phone: &str, email: &str| Contact::new("Иванова", "Мария", "Петровна", phone, email);
        assert_eq!(g.join(mother("+7 900 123-45-67", "")), Joined::New(0));
        // The same phone written differently, and an e-mail the first row lacked.
        assert_eq!(
            g.join(mother("8 (900) 1234567", "ivanova@example.ru")),
            Joined::Same { index: 0, conflict: false }
        );
        // Now known by the e-mail too.
        assert_eq!(g.join(mother("", "IVANOVA@example.ru")), Joined::Same { index: 0, conflict: false });
        // The same name with another phone and the known e-mail: the same person, told apart.
        assert_eq!(
            g.join(mother("+7 900 000-00-00", "ivanova@example.ru")),
            Joined::Same { index: 0, conflict: true }
        );
        // A namesake without contacts is someone else; so is one with other contacts.
        assert_eq!(g.join(mother("", "")), Joined::New(1));
        assert_eq!(g.join(mother("+7 911 111-11-11", "")), Joined::New(2));
        // «Ё» and case do not matter in names.
        let father = Contact::new("Фёдоров", "Иван", "", "", "f@example.ru");
        assert_eq!(g.join(father), Joined::New(3));
        assert_eq!(g.join(Contact::new("ФЕДОРОВ", "иван", "", "", "f@example.ru")).index(), 3);
        assert_eq!(g.len(), 4);
    }

    #[test]
    fn known_people_are_found_by_name_and_contact() {
        let mut k = Known::default();
        k.add(Contact::new("Петрова", "Анна", "Викторовна", "+7 900 111-22-33", ""), 7u64);
        k.add(Contact::new("Без", "Контактов", "", "", ""), 8u64);
        assert_eq!(k.find(&Contact::new("Петрова", "Анна", "Викторовна", "89001112233", "")), Some(7));
        assert_eq!(k.find(&Contact::new("Петрова", "Анна", "Викторовна", "", "a@example.ru")), None);
        assert_eq!(k.find(&Contact::new("Без", "Контактов", "", "", "")), None);
    }
}
