# Мероприятия класса, ответы родителей, уведомления.
event-kind-class_hour = Классный час
event-kind-excursion = Экскурсия
event-kind-parent_meeting = Родительское собрание
event-kind-olympiad = Олимпиада, конкурс
event-kind-celebration = Праздник, концерт
event-kind-other = Другое

events-nav = Мероприятия
events-nav-plans = КТП
notices-nav = Уведомления

events-title = Мероприятия
events-class-title = Мероприятия { $class }
events-new = Новое мероприятие
events-new-title = Новое мероприятие { $class }
events-edit-title = Изменить мероприятие { $class }
events-class = Класс
events-all-classes = Все классы
events-show = Показать
events-class-page = Страница класса
events-weeks = Недели
events-earlier = Раньше
events-later = Позже
events-to-now = К текущей неделе
events-week-of = Неделя с { $date }
events-none = Мероприятий в эти недели нет.
events-from-time = с { $time }
events-cancelled = отменено
events-cancelled-note = Мероприятие отменено. Участники получили уведомление.
events-overlap = пересекается
events-overlap-hint = В это же время у класса есть другое мероприятие
events-overlaps-with = В это же время:
events-responsible-short = отв.
events-kind = Вид
events-title-field = Название
events-date = Дата
events-start = Начало
events-end = Окончание
events-place = Место
events-responsible = Ответственный
events-responsible-account = Сотрудник школы
events-responsible-none = — не из списка —
events-responsible-name = или впишите имя
events-responsible-name-hint = Экскурсовод, родитель, приглашённый гость
events-participants = Участники
events-whole-class = Весь класс
events-chosen-students = Выбранные ученики
events-class-list = Список класса
events-no-students = В классе нет учеников на эту дату.
events-invite-parents = Приглашаются родители
events-parent-meeting-hint = На родительское собрание родители приглашаются всегда.
events-with-parents = с родителями
events-n-students = { $n ->
    [one] { $n } ученик
    [few] { $n } ученика
   *[many] { $n } учеников
}
events-notes = Примечания
events-at-most = Не длиннее { $n } знаков.
events-save = Сохранить
events-back = Назад
events-edit = Изменить
events-cancel = Отменить мероприятие
events-restore = Вернуть мероприятие
events-delete = Удалить…
events-delete-confirm = Удалить мероприятие вместе с ответами родителей? Это нельзя отменить.
events-delete-yes = Удалить
events-created-by = Создал(а): { $who }
events-updated-by = изменил(а): { $who }, { $when }

events-answers = Ответы родителей
events-answers-yes = Придут
events-answers-no = Не придут
events-answers-none = Нет ответа
events-student = Ученик
events-parents = Родители
events-no-parents = родители не указаны
events-answer-yes = придёт
events-answer-no = не придёт
events-answer-none = нет ответа
events-invite-for = Приглашение: { $student }
events-your-answer = Ваш ответ
events-no-answer-yet = Вы ещё не ответили.
events-give-answer = Ответить
events-change-answer = Изменить ответ
events-reply-note = Комментарий (необязательно)
events-reply-yes = Приду
events-reply-no = Не смогу прийти
events-reply-closed = Ответить можно было до { $date }.

events-change-date = дата
events-change-time = время
events-change-place = место

events-error-kind = Выберите вид мероприятия из списка.
events-error-title = Укажите название.
events-error-too-long = Слишком длинно.
events-error-date = Укажите дату, например 28.11.2026.
events-error-date-year = Дата должна быть в учебном году класса.
events-error-time = Укажите время, например 14:30.
events-error-end-without-start = Укажите и время начала.
events-error-end-before-start = Окончание должно быть позже начала.
events-error-responsible = Выберите сотрудника из списка.
events-error-who = Выберите: весь класс или выбранные ученики.
events-error-no-students = Отметьте хотя бы одного ученика.
events-error-student = Можно выбрать только учеников этого класса.
events-error-year-closed = Учебный год закрыт: мероприятия не меняются.
events-error-no-event = Мероприятие не найдено.
events-error-not-invited = Родителей этого ученика на мероприятие не приглашали.
events-error-reply-closed = Ответ больше не принимается: мероприятие прошло или отменено.
events-error-answer = Выберите ответ: приду или не смогу.

events-flash-created = Мероприятие создано, участники получили уведомление.
events-flash-saved = Сохранено.
events-flash-cancelled = Мероприятие отменено.
events-flash-restored = Мероприятие снова в силе.
events-flash-deleted = Мероприятие удалено.
events-flash-answered = Ответ сохранён.

events-home-upcoming = Ближайшие мероприятия
events-home-all = Все мероприятия

notice-event-new = { $class }: новое мероприятие «{ $title }» — { $date }
notice-event-changed = { $class }: мероприятие «{ $title }» изменено ({ $changes }). Теперь: { $date }
notice-event-cancelled = { $class }: мероприятие «{ $title }» { $date } отменено
notice-event-restored = { $class }: мероприятие «{ $title }» { $date } снова в силе
notice-event-deleted = { $class }: мероприятие «{ $title }» { $date } удалено

notices-title = Уведомления
notices-mark-all-read = Отметить все прочитанными
notices-unread = { $n ->
    [one] { $n } непрочитанное
    [few] { $n } непрочитанных
   *[many] { $n } непрочитанных
}
notices-all-read = Все уведомления прочитаны.
notices-none = Уведомлений пока нет.
notices-new = новое
notices-flash-read = Все уведомления отмечены прочитанными.
